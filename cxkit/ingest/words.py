"""The words stage of the import: the one module that turns the stages' codes (``Issue``) into sentences, in the
user's language (English, Spanish, Brazilian Portuguese), at the edge (``load``'s messages, the app).

Each code is the key of one sentence in each language; a language without the sentence falls back to English.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any, Literal

import polars as pl
from babel.numbers import format_decimal

from cxkit.ingest.issues import CellIssues, Issue, RowReason, Term

Lang = Literal["en", "es", "pt"]
LANGS: tuple[Lang, ...] = ("en", "es", "pt")

_MESSAGES: dict[str, dict[str, str]] = {
    "empty_file": {
        "en": "The file {name} is empty. Export it again from your tool and upload the new file.",
        "es": "El archivo {name} está vacío. Vuelva a exportarlo desde su herramienta y súbalo de nuevo.",
    },
    "too_large": {
        "en": "The file {name} is {size_mb:.0f} MB, over the limit of {limit_mb:.0f} MB. "
        "Export a shorter period or fewer columns.",
        "es": "El archivo {name} ocupa {size_mb:.0f} MB y el límite es {limit_mb:.0f} MB. "
        "Exporte un periodo más corto o menos columnas.",
    },
    "header_only": {
        "en": "The file {name} has column headers but no data rows. Check the export's date range.",
        "es": "El archivo {name} tiene cabeceras pero ninguna fila de datos. Revise el rango de fechas "
        "de la exportación.",
    },
    "not_text": {
        "en": "The file {name} does not look like a spreadsheet: it is neither CSV text, Excel nor "
        "Parquet. Export it as CSV or XLSX and try again.",
        "es": "El archivo {name} no parece una hoja de cálculo: no es texto CSV, ni Excel, ni Parquet. "
        "Expórtelo como CSV o XLSX e inténtelo de nuevo.",
    },
    "fake_excel": {
        "en": "The file {name} is named like an Excel file but is not one (it holds {actual}). "
        "Open it in Excel and save it again as .xlsx, or rename it to .csv if it is text.",
        "es": "El archivo {name} tiene nombre de Excel pero no lo es (contiene {actual}). "
        "Ábralo en Excel y guárdelo como .xlsx, o cámbiele la extensión a .csv si es texto.",
    },
    # what a file named like Excel holds instead (inside fake_excel)
    "held_parquet": {"en": "Parquet data", "es": "datos Parquet"},
    "held_zip": {"en": "a zip archive", "es": "un archivo zip"},
    "held_text": {"en": "text", "es": "texto"},
    "held_binary": {"en": "unreadable binary data", "es": "datos binarios ilegibles"},
    "bad_excel": {
        "en": "The Excel file {name} could not be read ({detail}). Open it in Excel, save it again "
        "as .xlsx and upload the new file.",
        "es": "No se pudo leer el Excel {name} ({detail}). Ábralo en Excel, guárdelo de nuevo como "
        ".xlsx y súbalo otra vez.",
    },
    "zip_bomb": {
        "en": "The Excel file {name} would expand to more than {expanded_mb:.0f} MB in memory, over the limit "
        "of {limit_mb:.0f} MB. Remove unused sheets or export fewer rows.",
        "es": "El Excel {name} ocuparía más de {expanded_mb:.0f} MB en memoria y el límite es {limit_mb:.0f} MB. "
        "Quite las hojas que no use o exporte menos filas.",
    },
    "too_many_rows": {
        "en": "The file {name} has {n:,} rows, more than the {limit:,} cxkit reads at once. Export a shorter period "
        "or split the file.",
        "es": "El archivo {name} tiene {n:,} filas, más de las {limit:,} que lee cxkit de una vez. Exporte un periodo "
        "más corto o divida el archivo.",
    },
    "too_many_cells": {
        "en": "The file {name} has {cells:,} cells ({rows:,} rows × {columns:,} columns), more than the {limit:,} "
        "cxkit reads at once. Export fewer columns or a shorter period.",
        "es": "El archivo {name} tiene {cells:,} celdas ({rows:,} filas × {columns:,} columnas), más de las {limit:,} "
        "que lee cxkit de una vez. Exporte menos columnas o un periodo más corto.",
    },
    "too_much_text": {
        "en": "The sheet '{sheet}' of {name} repeats its texts so often that they would take {text_mb:,.0f} MB in "
        "memory, over the limit of {limit_mb:,.0f} MB. Save the sheet as CSV, or remove the long texts repeated in "
        "many cells.",
        "es": "La hoja '{sheet}' de {name} repite tanto sus textos que ocuparían {text_mb:,.0f} MB en memoria y el "
        "límite es {limit_mb:,.0f} MB. Guarde la hoja como CSV o quite los textos largos repetidos en muchas celdas.",
    },
    "parquet_too_large": {
        "en": "The Parquet file {name} would take {expanded_mb:,.0f} MB once uncompressed, over the limit of "
        "{limit_mb:,.0f} MB. Export fewer columns or a shorter period.",
        "es": "El archivo Parquet {name} ocuparía {expanded_mb:,.0f} MB descomprimido y el límite es {limit_mb:,.0f} "
        "MB. Exporte menos columnas o un periodo más corto.",
    },
    "worker_memory": {
        "en": "Reading {name} needed more than the {limit_mb:,.0f} MB of memory one upload may use, so it was "
        "stopped. Export a shorter period or fewer columns, or save it as CSV.",
        "es": "Leer {name} necesitaba más de los {limit_mb:,.0f} MB de memoria que puede usar una subida, así que se "
        "detuvo. Exporte un periodo más corto o menos columnas, o guárdelo como CSV.",
    },
    "worker_timeout": {
        "en": "Reading {name} took longer than the {seconds:g} seconds one upload may take, so it was stopped. "
        "Export a shorter period or fewer columns, or save it as CSV.",
        "es": "Leer {name} tardaba más de los {seconds:g} segundos que puede durar una subida, así que se detuvo. "
        "Exporte un periodo más corto o menos columnas, o guárdelo como CSV.",
    },
    "worker_died": {
        "en": "Reading {name} stopped unexpectedly ({detail}). Try again; if it happens again, save the file as "
        "CSV and upload that.",
        "es": "La lectura de {name} se detuvo de forma inesperada ({detail}). Inténtelo de nuevo; si vuelve a "
        "ocurrir, guarde el archivo como CSV y súbalo.",
    },
    "sheet_too_large": {
        "en": "The sheet '{sheet}' of {name} spans {cells:,} cells, more than the {limit:,} cxkit reads. Something "
        "was typed or formatted far below or to the right of the data: delete the empty rows and columns, or save "
        "the sheet as CSV.",
        "es": "La hoja '{sheet}' de {name} ocupa {cells:,} celdas, más de las {limit:,} que lee cxkit. Hay algo "
        "escrito o con formato muy por debajo o a la derecha de los datos: borre las filas y columnas vacías o "
        "guarde la hoja como CSV.",
    },
    "no_sheet": {
        "en": "The sheet '{sheet}' is not in {name}. Its sheets are: {sheets}.",
        "es": "La hoja '{sheet}' no está en {name}. Sus hojas son: {sheets}.",
    },
    "all_sheets_empty": {
        "en": "Every sheet of {name} is empty ({sheets}).",
        "es": "Todas las hojas de {name} están vacías ({sheets}).",
    },
    "bad_parquet": {
        "en": "The Parquet file {name} could not be read ({detail}).",
        "es": "No se pudo leer el archivo Parquet {name} ({detail}).",
    },
    "bad_csv": {
        "en": "The text file {name} could not be split into columns ({detail}). Check that it is a "
        "CSV export and that quotes are balanced.",
        "es": "No se pudo separar en columnas el archivo de texto {name} ({detail}). Compruebe que es "
        "una exportación CSV y que las comillas están cerradas.",
    },
    "too_many_columns": {
        "en": "The file {name} has {n} columns, more than the {limit} cxkit reads. Remove empty or "
        "unused columns and export again.",
        "es": "El archivo {name} tiene {n} columnas, más de las {limit} que lee cxkit. Quite las "
        "columnas vacías o que no use y exporte de nuevo.",
    },
    "unknown_kind": {
        "en": "cxkit could not tell what {name} holds (tickets, survey answers, customers, orders or calls). "
        "Columns found: {columns}. Choose the kind of data and map its columns.",
        "es": "cxkit no pudo saber qué contiene {name} (tickets, respuestas de encuesta, clientes, "
        "pedidos o llamadas). Columnas encontradas: {columns}. Elija el tipo de datos y asigne sus columnas.",
    },
    "bad_kind": {
        "en": "'{kind}' is not a kind of data cxkit knows. Use one of: {kinds}.",
        "es": "'{kind}' no es un tipo de datos que cxkit conozca. Use uno de: {kinds}.",
    },
    "missing_required": {
        "en": "{name} has no column for {columns}, which {kind} need. Columns found: {found}. "
        "Map the right column by hand.",
        "es": "{name} no tiene columna para {columns}, que los datos de {kind} necesitan. Columnas "
        "encontradas: {found}. Asigne la columna correcta a mano.",
    },
    "bad_mapping_column": {
        "en": "The mapping names '{header}' for {column}, but {name} has no such column. Columns "
        "found: {found}.",
        "es": "La asignación indica '{header}' para {column}, pero {name} no tiene esa columna. "
        "Columnas encontradas: {found}.",
    },
    "bad_mapping_target": {
        "en": "'{column}' is not a column of {kind}. Known columns: {known}.",
        "es": "'{column}' no es una columna de {kind}. Columnas conocidas: {known}.",
    },
    "bad_source": {
        "en": "cxkit cannot read a {type}. Pass a file path, bytes or an open binary file.",
        "es": "cxkit no puede leer un {type}. Pase una ruta de archivo, bytes o un archivo binario abierto.",
    },
    "file_not_found": {
        "en": "The file {name} does not exist.",
        "es": "El archivo {name} no existe.",
    },
    "all_rejected": {
        "en": "None of the {n} rows of {name} could be read: {reason} (e.g. row {row}). Check the "
        "column mapping.",
        "es": "Ninguna de las {n} filas de {name} se pudo leer: {reason} (p. ej. fila {row}). "
        "Revise la asignación de columnas.",
    },
    # warnings
    "w_encoding": {
        "en": "The file is not UTF-8; it was read as {encoding}.",
        "es": "El archivo no está en UTF-8; se leyó como {encoding}.",
    },
    "w_mixed_encoding": {
        "en": "The file mixes text encodings: {n_utf8} lines were UTF-8 and {n_other} were read as "
        "Windows-1252. Check accented letters.",
        "es": "El archivo mezcla codificaciones: {n_utf8} líneas eran UTF-8 y {n_other} se leyeron como "
        "Windows-1252. Revise las letras acentuadas.",
    },
    "w_unclosed_quotes": {
        "en": "{n} line(s) have a quote that is never closed; each was read up to the end of its line.",
        "es": "{n} línea(s) tienen unas comillas sin cerrar; cada una se leyó hasta el final de su línea.",
    },
    "w_preamble": {
        "en": "{n} line(s) before the column headers were skipped: '{example}'.",
        "es": "Se omitieron {n} línea(s) antes de las cabeceras: '{example}'.",
    },
    "w_trailer": {
        "en": "A closing line that is not data was skipped: '{example}'.",
        "es": "Se omitió una línea final que no es un dato: '{example}'.",
    },
    "w_extra_header_rows": {
        "en": "{n} extra header row(s) of the {tool} export were skipped.",
        "es": "Se omitieron {n} fila(s) de cabecera adicionales de la exportación de {tool}.",
    },
    "w_sheets": {
        "en": "The workbook has {n} sheets ({sheets}); '{sheet}' was read.",
        "es": "El libro tiene {n} hojas ({sheets}); se leyó '{sheet}'.",
    },
    "w_ambiguous_dates": {
        "en": "Day and month could not be told apart in '{column}' (no day above 12); assumed {order}.",
        "es": "No se pudo distinguir el día del mes en '{column}' (ningún día mayor que 12); se supuso "
        "{order}.",
    },
    "w_dates_order": {
        "en": "Dates in '{column}' were read {order} (e.g. '{example}').",
        "es": "Las fechas de '{column}' se leyeron {order} (p. ej. '{example}').",
    },
    "w_timezone": {
        "en": "Times in '{column}' carry a time-zone offset; the local clock time was kept.",
        "es": "Las horas de '{column}' incluyen zona horaria; se conservó la hora local.",
    },
    "w_unreadable_cells": {
        "en": "{n} value(s) in '{column}' could not be read as {type} and were left empty "
        "(e.g. row {row}: '{example}').",
        "es": "{n} valor(es) de '{column}' no se pudieron leer como {type} y se dejaron vacíos "
        "(p. ej. fila {row}: '{example}').",
    },
    "w_rejected": {
        "en": "{n} row(s) could not be loaded; see the rejected rows (e.g. row {row}: {reason}).",
        "es": "{n} fila(s) no se pudieron cargar; vea las filas rechazadas (p. ej. fila {row}: {reason}).",
    },
    "w_duplicates": {
        "en": "{n} row(s) repeat an id already seen in '{column}' (e.g. '{example}').",
        "es": "{n} fila(s) repiten un identificador ya visto en '{column}' (p. ej. '{example}').",
    },
    "w_excel_ids": {
        "en": "{n} id(s) in '{column}' look damaged by Excel (e.g. '{example}'): long numbers lose "
        "digits in scientific notation. Export the file again without opening it in Excel.",
        "es": "{n} identificador(es) de '{column}' parecen dañados por Excel (p. ej. '{example}'): los "
        "números largos pierden cifras en notación científica. Exporte de nuevo sin abrirlo en Excel.",
    },
    "w_derived": {
        "en": "The {column} were computed as '{end}' − '{start}'.",
        "es": "Los {column} se calcularon como '{end}' − '{start}'.",
    },
    "w_cancel_vs_end": {
        "en": "'{header}' is when the cancellation was requested, not when the subscription ended; "
        "it is used for churn because no end date was found.",
        "es": "'{header}' es cuándo se pidió la baja, no cuándo terminó la suscripción; se usa para la "
        "baja porque no se encontró la fecha de fin.",
    },
    "w_formula_cells": {
        "en": "{n} text cell(s) in '{column}' start like a spreadsheet formula (e.g. '{example}'); they "
        "are kept as text and neutralised in exports.",
        "es": "{n} celda(s) de texto de '{column}' empiezan como una fórmula (p. ej. '{example}'); se "
        "conservan como texto y se neutralizan al exportar.",
    },
    "w_scale_not_nps": {
        "en": "'{column}' holds scores from {scale}, not the 0–10 NPS question: NPS on another scale would mislead "
        "(its promoters and detractors would not mean what they mean). It was read as a satisfaction rating "
        "(top box). If it really is the 0–10 question, map it as the NPS score (0–10).",
        "es": "'{column}' tiene notas de {scale}, no la pregunta NPS de 0 a 10: un NPS en otra escala engañaría (sus "
        "promotores y detractores no significarían lo mismo). Se leyó como valoración de satisfacción (la nota más "
        "alta). Si de verdad es la pregunta de 0 a 10, asígnela como puntuación NPS (0–10).",
    },
    "w_scale_confirmed": {
        "en": "'{column}' only holds scores from {scale}; it is used as NPS because you mapped it so.",
        "es": "'{column}' solo tiene notas de {scale}; se usa como NPS porque usted lo asignó así.",
    },
    "w_event_log": {
        "en": "This is an event log ({events} rows for {tickets} tickets: one row per change). It was collapsed to one "
        "row per ticket: first opened, last resolved, latest state, with the number of events kept.",
        "es": "Es un registro de eventos ({events} filas para {tickets} tickets: una fila por cambio). Se agrupó en "
        "una fila por ticket: primera apertura, última resolución, último estado, conservando el número de eventos.",
    },
    "w_date_time_joined": {
        "en": "'{time}' holds times of day only; they were joined with the dates in '{date}'.",
        "es": "'{time}' solo tiene horas; se unieron con las fechas de '{date}'.",
    },
    "w_blank_rows": {
        "en": "{n} completely empty row(s) were skipped.",
        "es": "Se omitieron {n} fila(s) completamente vacías.",
    },
    "w_group_mismatch": {
        "en": "{n} row(s) have an NPS group in '{column}' that does not match their score; the score "
        "was used.",
        "es": "{n} fila(s) tienen un grupo NPS en '{column}' que no coincide con su puntuación; se usó "
        "la puntuación.",
    },
    "w_kind_unsure": {
        "en": "The file was read as {kind}, but the evidence for it is weak (the next most likely is {other}). "
        "Check the kind of data and the columns, and choose them by hand if they are wrong.",
        "es": "El archivo se leyó como {kind}, pero los indicios son débiles (lo siguiente más probable es "
        "{other}). Revise el tipo de datos y las columnas, y elíjalos a mano si no son correctos.",
    },
    "w_kind_unsure_alone": {
        "en": "The file was read as {kind}, but the evidence for it is weak. Check the kind of data and the "
        "columns, and choose them by hand if they are wrong.",
        "es": "El archivo se leyó como {kind}, pero los indicios son débiles. Revise el tipo de datos y las "
        "columnas, y elíjalos a mano si no son correctos.",
    },
    "w_customer_row_ids": {
        "en": "The file has no customer id column: each row was taken as one customer, numbered 'row 1', "
        "'row 2'... Map the id column by hand if there is one.",
        "es": "El archivo no tiene columna de id de cliente: cada fila se tomó como un cliente, numerado "
        "'row 1', 'row 2'... Asigne a mano la columna de id si existe.",
    },
    "w_tool_layout": {
        "en": "The file has no header row: its {n} columns were named by the documented layout of {tool}'s "
        "exports, which their values fit.",
        "es": "El archivo no tiene fila de cabeceras: sus {n} columnas se nombraron según el formato documentado "
        "de las exportaciones de {tool}, al que se ajustan sus valores.",
    },
    "w_no_header_row": {
        "en": "The file has no header row: its first line is a record like the others. Its {n} columns were named "
        "'column 1', 'column 2'... and told apart by their values; check the mapping.",
        "es": "El archivo no tiene fila de cabeceras: su primera línea es un registro como los demás. Sus {n} "
        "columnas se llamaron 'column 1', 'column 2'... y se distinguieron por sus valores; revise la asignación.",
    },
    "w_no_submitted": {
        "en": "The file has no column for when each answer was given: scores and comments are counted, but "
        "trends over time cannot be. Map the date column by hand if there is one.",
        "es": "El archivo no tiene columna con la fecha de cada respuesta: se cuentan puntuaciones y comentarios, "
        "pero no la evolución en el tiempo. Asigne a mano la columna de fecha si existe.",
    },
    "w_no_created": {
        "en": "The file has no column for when each ticket was opened: tickets, statuses, channels and ratings are "
        "counted, but volumes over time, first-response and resolution times cannot be. Map the creation column "
        "by hand if there is one.",
        "es": "El archivo no tiene columna con la fecha de apertura de cada ticket: se cuentan tickets, estados, "
        "canales y valoraciones, pero no el volumen en el tiempo ni los tiempos de primera respuesta y "
        "resolución. Asigne a mano la columna de creación si existe.",
    },
    "w_kind_close": {
        "en": "The file was read as {kind}, but it also looks like {other}. If that is wrong, choose the kind "
        "of data by hand.",
        "es": "El archivo se leyó como {kind}, pero también parece {other}. Si no es correcto, elija el tipo "
        "de datos a mano.",
    },
    "w_column_close": {
        "en": "'{header}' was taken as {column}; '{other}' could be it too. Change the mapping if needed.",
        "es": "Se tomó '{header}' como {column}; '{other}' también podría serlo. Cambie la asignación si hace "
        "falta.",
    },
    "w_line_items": {
        "en": "The file lists order lines ({lines} lines): they were combined into {orders} orders, each with "
        "the sum of its lines (quantity × unit price). The lines are kept as they were read.",
        "es": "El archivo lista líneas de pedido ({lines} líneas): se agruparon en {orders} pedidos, cada uno "
        "con la suma de sus líneas (cantidad × precio unitario). Las líneas se conservan tal como se leyeron.",
    },
    "w_cancelled_orders": {
        "en": "{n} order(s) are cancellations, refunds or voided (negative totals or such a status): they are "
        "kept and marked, and revenue figures leave them out.",
        "es": "{n} pedido(s) son cancelaciones, devoluciones o anulaciones (total negativo o ese estado): se "
        "conservan marcados y las cifras de ingresos no los cuentan.",
    },
    "w_unknown_labels": {
        "en": "{n} value(s) of '{column}' are not known {name} values ({values}): those rows have no {name} and "
        "are not counted as any of them. The words are kept as written; say what they mean in the mapping.",
        "es": "{n} valor(es) de '{column}' no son valores conocidos de {name} ({values}): esas filas quedan sin "
        "{name} y no se cuentan en ninguno. El texto se conserva tal cual; indique qué significan en "
        "la asignación.",
    },
    "w_tenure_unit": {
        "en": "'{column}' was read as tenure in {unit} ({why}) and converted to months.",
        "es": "'{column}' se leyó como antigüedad en {unit} ({why}) y se convirtió a meses.",
    },
    "w_missing_markers": {
        "en": "{n} cell(s) hold a 'no value' mark such as '?', 'N/A' or '-' and were read as empty "
        "(e.g. '{column}', row {row}). They are listed with the unreadable cells.",
        "es": "{n} celda(s) tienen una marca de 'sin valor' como '?', 'N/A' o '-' y se leyeron como vacías "
        "(p. ej. '{column}', fila {row}). Se listan con las celdas ilegibles.",
    },
    "w_amount_derived": {
        "en": "The order amount was computed as '{quantity}' × '{price}'.",
        "es": "El importe del pedido se calculó como '{quantity}' × '{price}'.",
    },
    "w_amount_is_price": {
        "en": "The file has a price but no quantity or total: each row was taken as one unit sold at '{price}'.",
        "es": "El archivo tiene precio pero no cantidad ni total: cada fila se tomó como una unidad vendida a "
        "'{price}'.",
    },
    "w_outcome_from_flag": {
        "en": "'{column}' says yes/no: read as {yes} when yes and {no} when no.",
        "es": "'{column}' dice sí/no: se leyó como {yes} si es sí y {no} si es no.",
    },
    # why a tenure's unit was taken (inside w_tenure_unit)
    "why_header": {"en": "its header says so", "es": "así lo dice su cabecera"},
    "why_range": {"en": "its values run from {low} to {high}", "es": "sus valores van de {low} a {high}"},
    "internal": {
        "en": "cxkit could not read {name} ({detail}). Please report this with the file.",
        "es": "cxkit no pudo leer {name} ({detail}). Por favor, comuníquelo junto con el archivo.",
    },
    # reasons of cell issues
    "c_unreadable": {"en": "not a valid {type}", "es": "no es un/a {type} válido/a"},
    "c_missing_mark": {"en": "a 'no value' mark", "es": "una marca de 'sin valor'"},
    "c_unknown_label": {"en": "not a known {type} value", "es": "no es un valor de {type} conocido"},
    # rejection reasons
    "r_missing": {
        "en": "'{column}' is empty",
        "es": "'{column}' está vacío",
    },
    "r_unreadable": {
        "en": "'{column}' is not a valid {type}: '{value}'",
        "es": "'{column}' no es un/a {type} válido/a: '{value}'",
    },
    "r_out_of_range": {
        "en": "'{column}' is outside {low}–{high}: '{value}'",
        "es": "'{column}' está fuera de {low}–{high}: '{value}'",
    },
    "r_fields": {
        "en": "the row has {got} fields, the header has {expected}",
        "es": "la fila tiene {got} campos y la cabecera {expected}",
    },
}

_TYPE_NAMES: dict[str, dict[str, str]] = {
    "datetime": {"en": "date", "es": "fecha"},
    "duration": {"en": "duration", "es": "duración"},
    "number": {"en": "number", "es": "número"},
    "integer": {"en": "whole number", "es": "número entero"},
    "score": {"en": "score", "es": "puntuación"},
    "boolean": {"en": "yes/no value", "es": "valor sí/no"},
    "rating": {"en": "rating", "es": "valoración"},
    "status": {"en": "status", "es": "estado"},
    "category": {"en": "category", "es": "categoría"},
}

_ORDER_NAMES: dict[str, dict[str, str]] = {
    "day_first": {"en": "day first (dd/mm)", "es": "día primero (dd/mm)"},
    "month_first": {"en": "month first (mm/dd)", "es": "mes primero (mm/dd)"},
}


_KIND_NAMES: dict[str, dict[str, str]] = {
    "tickets": {"en": "tickets", "es": "tickets"},
    "responses": {"en": "survey answers", "es": "respuestas de encuesta"},
    "customers": {"en": "customers", "es": "clientes"},
    "orders": {"en": "orders", "es": "pedidos"},
    "costs": {"en": "costs", "es": "costes"},
    "calls": {"en": "calls", "es": "llamadas"},
}

COLUMN_NAMES: dict[str, dict[str, str]] = {
    "ticket_id": {"en": "ticket id", "es": "id del ticket"},
    "created_at": {"en": "creation time", "es": "fecha de creación"},
    "solved_at": {"en": "resolution time", "es": "fecha de resolución"},
    "updated_at": {"en": "update time", "es": "fecha de actualización"},
    "first_response_at": {"en": "first reply time", "es": "fecha de primera respuesta"},
    "status": {"en": "status", "es": "estado"},
    "channel": {"en": "channel", "es": "canal"},
    "ticket_type": {"en": "ticket type", "es": "tipo de ticket"},
    "agent": {"en": "agent", "es": "agente"},
    "customer_id": {"en": "customer", "es": "cliente"},
    "first_response_minutes": {"en": "minutes to first reply", "es": "minutos hasta la primera respuesta"},
    "resolution_minutes": {"en": "minutes to resolution", "es": "minutos hasta la resolución"},
    "handle_minutes": {"en": "handling minutes", "es": "minutos de gestión"},
    "agent_replies": {"en": "agent replies", "es": "respuestas del agente"},
    "customer_messages": {"en": "customer messages", "es": "mensajes del cliente"},
    "reopens": {"en": "reopens", "es": "reaperturas"},
    "csat_score": {"en": "satisfaction rating", "es": "valoración de satisfacción"},
    "satisfied": {"en": "satisfied", "es": "satisfecho"},
    "sla_breached": {"en": "SLA missed", "es": "SLA incumplido"},
    "response_id": {"en": "answer id", "es": "id de la respuesta"},
    "submitted_at": {"en": "answer time", "es": "fecha de respuesta"},
    "nps_score": {"en": "NPS score (0–10)", "es": "puntuación NPS (0–10)"},
    "nps_group": {"en": "NPS group", "es": "grupo NPS"},
    "comment": {"en": "comment", "es": "comentario"},
    "emotion": {"en": "emotion", "es": "emoción"},
    "acquired_at": {"en": "start date", "es": "fecha de alta"},
    "churned_at": {"en": "end date", "es": "fecha de baja"},
    "mrr": {"en": "monthly revenue", "es": "ingreso mensual"},
    "plan": {"en": "plan", "es": "plan"},
    "churned": {"en": "has left", "es": "se ha ido"},
    "tenure_months": {"en": "months as customer", "es": "meses como cliente"},
    "order_id": {"en": "order id", "es": "id del pedido"},
    "ordered_at": {"en": "order date", "es": "fecha del pedido"},
    "amount": {"en": "amount", "es": "importe"},
    "discount_code": {"en": "discount code", "es": "código de descuento"},
    "discount_amount": {"en": "discount amount", "es": "importe del descuento"},
    "kind": {"en": "kind of sale", "es": "tipo de venta"},
    "quantity": {"en": "quantity", "es": "cantidad"},
    "unit_price": {"en": "unit price", "es": "precio unitario"},
    "order_status": {"en": "order status", "es": "estado del pedido"},
    "cancelled_at": {"en": "cancellation date", "es": "fecha de cancelación"},
    "cancelled": {"en": "cancelled", "es": "cancelado"},
    "month": {"en": "month", "es": "mes"},
    "cost": {"en": "cost", "es": "coste"},
    "item": {"en": "item", "es": "concepto"},
    "call_id": {"en": "call id", "es": "id de la llamada"},
    "started_at": {"en": "call start", "es": "inicio de la llamada"},
    "queue": {"en": "queue", "es": "cola"},
    "outcome": {"en": "outcome", "es": "resultado"},
    "wait_seconds": {"en": "seconds waiting", "es": "segundos de espera"},
    "talk_seconds": {"en": "seconds talking", "es": "segundos de conversación"},
    "hold_seconds": {"en": "seconds on hold", "es": "segundos en espera"},
    "wrap_seconds": {"en": "wrap-up seconds", "es": "segundos de cierre"},
}


def kind_name(kind: str, lang: Lang = "en") -> str:
    """The plain name of a kind of data (``"responses"`` → ``"survey answers"``)."""
    names = _KIND_NAMES.get(kind, {"en": kind})
    return names.get(lang, names["en"])


def column_name(column: str, lang: Lang = "en") -> str:
    """The plain name of a canonical column (``"created_at"`` → ``"creation time"``)."""
    names = COLUMN_NAMES.get(column, {"en": column.replace("_", " ")})
    return names.get(lang, names["en"])


_LOCALES = {"en": "en_US", "es": "es_ES", "pt": "pt_BR"}
_DECIMALS = re.compile(r"\.(\d+)f$")


def _field(value: Any, spec: str, locale: str) -> str:
    """One ``{name:spec}`` of a message: a number as ``locale`` writes it (Babel, CLDR), keeping the spec's
    decimals (``.0f``); anything else as ``format`` writes it."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return format(value, spec)
    found = _DECIMALS.search(spec)
    decimals = int(found.group(1)) if found else (0 if isinstance(value, int) else 2)
    pattern = "#,##0" + ("." + "0" * decimals if found and decimals else "." + "#" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=locale))


def _fill(text: str, lang: str, values: Mapping[str, object]) -> str:
    """``text.format(**values)`` with numbers written as ``lang`` does: "20.000 filas", "de 0 a 10,5", never
    English's "20,000" or "10.5" in a Spanish or Portuguese sentence."""
    locale = _LOCALES.get(lang, "en_US")
    parts = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            value = values[name]
            value = repr(value) if conversion == "r" else str(value) if conversion == "s" else value
            parts.append(_field(value, spec or "", locale))
    return "".join(parts)


def message(key: str, lang: Lang = "en", /, **values: object) -> str:
    """Return the message ``key`` in ``lang``, filled with ``values`` (numbers in the language's format)."""
    texts = _MESSAGES[key]
    return _fill(texts.get(lang, texts["en"]), lang, values)


def type_name(type_key: str, lang: Lang = "en") -> str:
    """Return the plain name of a value type (``"datetime"`` → ``"date"``)."""
    names = _TYPE_NAMES.get(type_key, {"en": type_key})
    return names.get(lang, names["en"])


def order_name(order: str, lang: Lang = "en") -> str:
    """Return the plain name of a day/month order."""
    return _ORDER_NAMES[order].get(lang, _ORDER_NAMES[order]["en"])


# Brazilian Portuguese of every import message (the app's third language), by code.
_PT: dict[str, str] = {
    "empty_file": "O arquivo {name} está vazio. Exporte-o de novo da sua ferramenta e envie o novo arquivo.",
    "too_large": "O arquivo {name} tem {size_mb:.0f} MB, acima do limite de {limit_mb:.0f} MB. Exporte um período "
    "menor ou menos colunas.",
    "header_only": "O arquivo {name} tem cabeçalhos, mas nenhuma linha de dados. Verifique o período da exportação.",
    "not_text": "O arquivo {name} não parece uma planilha: não é texto CSV, nem Excel, nem Parquet. Exporte-o como CSV "
    "ou XLSX e tente de novo.",
    "fake_excel": "O arquivo {name} tem nome de Excel, mas não é (contém {actual}). Abra-o no Excel e salve-o de novo "
    "como .xlsx, ou renomeie-o para .csv se for texto.",
    "held_parquet": "dados Parquet",
    "held_zip": "um arquivo zip",
    "held_text": "texto",
    "held_binary": "dados binários ilegíveis",
    "bad_excel": "Não foi possível ler o Excel {name} ({detail}). Abra-o no Excel, salve-o de novo como .xlsx e envie "
    "o novo arquivo.",
    "zip_bomb": "O Excel {name} ocuparia mais de {expanded_mb:.0f} MB na memória, acima do limite de {limit_mb:.0f} "
    "MB. Remova as abas que não usa ou exporte menos linhas.",
    "too_many_rows": "O arquivo {name} tem {n:,} linhas, mais que as {limit:,} que o cxkit lê de uma vez. Exporte um "
    "período menor ou divida o arquivo.",
    "too_many_cells": "O arquivo {name} tem {cells:,} células ({rows:,} linhas × {columns:,} colunas), mais que as "
    "{limit:,} que o cxkit lê de uma vez. Exporte menos colunas ou um período menor.",
    "too_much_text": "A aba '{sheet}' de {name} repete tanto os seus textos que eles ocupariam {text_mb:,.0f} MB na "
    "memória, acima do limite de {limit_mb:,.0f} MB. Salve a aba como CSV ou remova os textos longos repetidos em "
    "muitas células.",
    "parquet_too_large": "O arquivo Parquet {name} ocuparia {expanded_mb:,.0f} MB descompactado, acima do limite de "
    "{limit_mb:,.0f} MB. Exporte menos colunas ou um período menor.",
    "worker_memory": "A leitura de {name} precisou de mais que os {limit_mb:,.0f} MB de memória que um envio pode "
    "usar e foi interrompida. Exporte um período menor ou menos colunas, ou salve-o como CSV.",
    "worker_timeout": "A leitura de {name} demorou mais que os {seconds:g} segundos que um envio pode levar e foi "
    "interrompida. Exporte um período menor ou menos colunas, ou salve-o como CSV.",
    "worker_died": "A leitura de {name} parou inesperadamente ({detail}). Tente de novo; se acontecer outra vez, "
    "salve o arquivo como CSV e envie-o.",
    "sheet_too_large": "A aba '{sheet}' de {name} ocupa {cells:,} células, mais que as {limit:,} que o cxkit lê. Algo "
    "foi digitado ou formatado muito abaixo ou à direita dos dados: apague as linhas e colunas vazias ou salve a aba "
    "como CSV.",
    "no_sheet": "A aba '{sheet}' não está em {name}. As abas são: {sheets}.",
    "all_sheets_empty": "Todas as abas de {name} estão vazias ({sheets}).",
    "bad_parquet": "Não foi possível ler o arquivo Parquet {name} ({detail}).",
    "bad_csv": "Não foi possível dividir o arquivo de texto {name} em colunas ({detail}). Verifique se é uma "
    "exportação CSV e se as aspas estão fechadas.",
    "too_many_columns": "O arquivo {name} tem {n} colunas, mais que as {limit} que o cxkit lê. Remova as colunas "
    "vazias ou não usadas e exporte de novo.",
    "unknown_kind": "O cxkit não conseguiu saber o que {name} contém (tickets, respostas de pesquisa, clientes, "
    "pedidos ou chamadas). Colunas encontradas: {columns}. Escolha o tipo de dados e associe as colunas.",
    "bad_kind": "'{kind}' não é um tipo de dados que o cxkit conheça. Use um destes: {kinds}.",
    "missing_required": "{name} não tem coluna para {columns}, que {kind} exigem. Colunas encontradas: {found}. "
    "Associe a coluna certa manualmente.",
    "bad_mapping_column": "A associação indica '{header}' para {column}, mas {name} não tem essa coluna. Colunas "
    "encontradas: {found}.",
    "bad_mapping_target": "'{column}' não é uma coluna de {kind}. Colunas conhecidas: {known}.",
    "bad_source": "O cxkit não consegue ler um {type}. Passe o caminho de um arquivo, bytes ou um arquivo binário "
    "aberto.",
    "file_not_found": "O arquivo {name} não existe.",
    "all_rejected": "Nenhuma das {n} linhas de {name} pôde ser lida: {reason} (p. ex. linha {row}). Verifique a "
    "associação de colunas.",
    "w_encoding": "O arquivo não está em UTF-8; foi lido como {encoding}.",
    "w_mixed_encoding": "O arquivo mistura codificações: {n_utf8} linhas estavam em UTF-8 e {n_other} foram lidas como "
    "Windows-1252. Confira as letras acentuadas.",
    "w_unclosed_quotes": "{n} linha(s) têm aspas que nunca se fecham; cada uma foi lida até o fim da sua linha.",
    "w_preamble": "{n} linha(s) antes dos cabeçalhos foram ignoradas: '{example}'.",
    "w_trailer": "Uma linha final que não é dado foi ignorada: '{example}'.",
    "w_extra_header_rows": "{n} linha(s) extra de cabeçalho da exportação de {tool} foram ignoradas.",
    "w_sheets": "A pasta de trabalho tem {n} abas ({sheets}); foi lida '{sheet}'.",
    "w_ambiguous_dates": "Não foi possível distinguir dia e mês em '{column}' (nenhum dia acima de 12); assumiu-se "
    "{order}.",
    "w_dates_order": "As datas de '{column}' foram lidas com {order} (p. ex. '{example}').",
    "w_timezone": "Os horários de '{column}' têm fuso horário; manteve-se a hora local.",
    "w_unreadable_cells": "{n} valor(es) de '{column}' não puderam ser lidos como {type} e ficaram vazios (p. ex. "
    "linha {row}: '{example}').",
    "w_rejected": "{n} linha(s) não puderam ser carregadas; veja as linhas rejeitadas (p. ex. linha {row}: {reason}).",
    "w_duplicates": "{n} linha(s) repetem um id já visto em '{column}' (p. ex. '{example}').",
    "w_excel_ids": "{n} id(s) de '{column}' parecem danificados pelo Excel (p. ex. '{example}'): números longos perdem "
    "dígitos em notação científica. Exporte o arquivo de novo sem abri-lo no Excel.",
    "w_derived": "Os {column} foram calculados como '{end}' − '{start}'.",
    "w_cancel_vs_end": "'{header}' é quando o cancelamento foi pedido, não quando a assinatura terminou; é usado para "
    "o churn porque não se encontrou data de término.",
    "w_formula_cells": "{n} célula(s) de texto em '{column}' começam como uma fórmula de planilha (p. ex. "
    "'{example}'); são mantidas como texto e neutralizadas nas exportações.",
    "w_scale_not_nps": "'{column}' tem notas de {scale}, não a pergunta NPS de 0–10: um NPS em outra escala enganaria "
    "(promotores e detratores não significariam o que significam). Foi lida como uma avaliação de satisfação (top "
    "box). Se for mesmo a pergunta de 0–10, associe-a como nota NPS (0–10).",
    "w_scale_confirmed": "'{column}' só tem notas de {scale}; é usada como NPS porque você a associou assim.",
    "w_event_log": "Este é um registro de eventos ({events} linhas para {tickets} tickets: uma linha por mudança). Foi "
    "resumido em uma linha por ticket: primeira abertura, última resolução, estado mais recente, com o número de "
    "eventos.",
    "w_date_time_joined": "'{time}' só tem horas do dia; foram unidas às datas de '{date}'.",
    "w_blank_rows": "{n} linha(s) totalmente vazias foram ignoradas.",
    "w_group_mismatch": "{n} linha(s) têm um grupo NPS em '{column}' que não corresponde à nota; usou-se a nota.",
    "w_kind_unsure": "O arquivo foi lido como {kind}, mas a evidência é fraca (o segundo mais provável é {other}). "
    "Confira o tipo de dados e as colunas e escolha-os manualmente se estiverem errados.",
    "w_kind_unsure_alone": "O arquivo foi lido como {kind}, mas a evidência é fraca. Confira o tipo de dados e as "
    "colunas e escolha-os manualmente se estiverem errados.",
    "w_customer_row_ids": "O arquivo não tem coluna de id de cliente: cada linha foi tomada como um cliente, numerado "
    "'row 1', 'row 2'... Associe a coluna de id manualmente se houver uma.",
    "w_tool_layout": "O arquivo não tem linha de cabeçalho: as suas {n} colunas foram nomeadas pelo formato "
    "documentado das exportações de {tool}, ao qual os valores se ajustam.",
    "w_no_header_row": "O arquivo não tem linha de cabeçalho: a primeira linha é um registro como os outros. As suas "
    "{n} colunas foram chamadas 'column 1', 'column 2'... e distinguidas pelos valores; confira a associação.",
    "w_no_submitted": "O arquivo não tem coluna de quando cada resposta foi dada: notas e comentários são contados, "
    "mas as tendências no tempo não. Associe a coluna de data manualmente se houver uma.",
    "w_no_created": "O arquivo não tem coluna de quando cada ticket foi aberto: tickets, estados, canais e avaliações "
    "são contados, mas volumes no tempo e tempos de primeira resposta e de resolução não. Associe a coluna de criação "
    "manualmente se houver uma.",
    "w_kind_close": "O arquivo foi lido como {kind}, mas também parece {other}. Se estiver errado, escolha o tipo de "
    "dados manualmente.",
    "w_column_close": "'{header}' foi tomada como {column}; '{other}' também poderia ser. Mude a associação se "
    "necessário.",
    "w_line_items": "O arquivo lista linhas de pedido ({lines} linhas): foram combinadas em {orders} pedidos, cada um "
    "com a soma das suas linhas (quantidade × preço unitário). As linhas são mantidas como foram lidas.",
    "w_cancelled_orders": "{n} pedido(s) são cancelamentos, reembolsos ou anulações (totais negativos ou um estado "
    "assim): são mantidos e marcados, e os números de receita os deixam de fora.",
    "w_unknown_labels": "{n} valor(es) de '{column}' não são valores conhecidos de {name} ({values}): essas linhas não "
    "têm {name} e não são contadas em nenhum. As palavras são mantidas como escritas; diga o que significam na "
    "associação.",
    "w_tenure_unit": "'{column}' foi lida como tempo de cliente em {unit} ({why}) e convertida em meses.",
    "w_missing_markers": "{n} célula(s) têm uma marca de 'sem valor' como '?', 'N/A' ou '-' e foram lidas como vazias "
    "(p. ex. '{column}', linha {row}). Estão listadas com as células ilegíveis.",
    "w_amount_derived": "O valor do pedido foi calculado como '{quantity}' × '{price}'.",
    "w_amount_is_price": "O arquivo tem preço, mas não quantidade nem total: cada linha foi tomada como uma unidade "
    "vendida a '{price}'.",
    "w_outcome_from_flag": "'{column}' diz sim/não: lido como {yes} quando sim e {no} quando não.",
    "why_header": "o cabeçalho diz isso",
    "why_range": "os valores vão de {low} a {high}",
    "internal": "O cxkit não conseguiu ler {name} ({detail}). Por favor, informe isso junto com o arquivo.",
    "c_unreadable": "não é um(a) {type} válido(a)",
    "c_missing_mark": "uma marca de 'sem valor'",
    "c_unknown_label": "não é um valor de {type} conhecido",
    "r_missing": "'{column}' está vazio",
    "r_unreadable": "'{column}' não é um(a) {type} válido(a): '{value}'",
    "r_out_of_range": "'{column}' está fora de {low}–{high}: '{value}'",
    "r_fields": "a linha tem {got} campos e o cabeçalho {expected}",
}

_PT_TYPES = {"datetime": "data", "duration": "duração", "number": "número", "integer": "número inteiro",
             "score": "nota", "boolean": "valor sim/não", "rating": "avaliação", "status": "estado",
             "category": "categoria"}
_PT_ORDERS = {"day_first": "dia primeiro (dd/mm)", "month_first": "mês primeiro (mm/dd)"}
_PT_KINDS = {"tickets": "tickets", "responses": "respostas de pesquisa", "customers": "clientes", "orders": "pedidos",
             "costs": "custos", "calls": "chamadas"}
_PT_COLUMNS = {
    "ticket_id": "id do ticket", "created_at": "data de criação", "solved_at": "data de resolução",
    "updated_at": "data de atualização", "first_response_at": "data da primeira resposta", "status": "estado",
    "channel": "canal", "ticket_type": "tipo de ticket", "agent": "agente", "customer_id": "cliente",
    "first_response_minutes": "minutos até a primeira resposta", "resolution_minutes": "minutos até a resolução",
    "handle_minutes": "minutos de atendimento", "agent_replies": "respostas do agente",
    "customer_messages": "mensagens do cliente", "reopens": "reaberturas", "csat_score": "avaliação de satisfação",
    "satisfied": "satisfeito", "sla_breached": "SLA descumprido", "response_id": "id da resposta",
    "submitted_at": "data da resposta", "nps_score": "nota NPS (0–10)", "nps_group": "grupo NPS",
    "comment": "comentário", "emotion": "emoção", "acquired_at": "data de entrada", "churned_at": "data de saída",
    "mrr": "receita mensal", "plan": "plano", "churned": "saiu", "tenure_months": "meses como cliente",
    "order_id": "id do pedido", "ordered_at": "data do pedido", "amount": "valor",
    "discount_code": "código de desconto",
    "discount_amount": "valor do desconto", "kind": "tipo de venda", "quantity": "quantidade",
    "unit_price": "preço unitário", "order_status": "estado do pedido", "cancelled_at": "data de cancelamento",
    "cancelled": "cancelado", "month": "mês", "cost": "custo", "item": "item", "call_id": "id da chamada",
    "started_at": "início da chamada", "queue": "fila", "outcome": "resultado", "wait_seconds": "segundos de espera",
    "talk_seconds": "segundos de conversa", "hold_seconds": "segundos em espera",
    "wrap_seconds": "segundos de pós-atendimento",
}


def _add_portuguese() -> None:
    for table, names in ((_MESSAGES, _PT), (_TYPE_NAMES, _PT_TYPES), (_ORDER_NAMES, _PT_ORDERS),
                         (_KIND_NAMES, _PT_KINDS), (COLUMN_NAMES, _PT_COLUMNS)):
        for key, text in names.items():
            if key in table:
                table[key]["pt"] = text


_add_portuguese()


_UNIT_NAMES: dict[str, dict[str, str]] = {
    "years": {"en": "years", "es": "años", "pt": "anos"},
    "days": {"en": "days", "es": "días", "pt": "dias"},
    "months": {"en": "months", "es": "meses", "pt": "meses"},
}

_OUTCOME_NAMES: dict[str, dict[str, str]] = {
    "answered": {"en": "answered", "es": "atendida", "pt": "atendida"},
    "abandoned": {"en": "abandoned", "es": "abandonada", "pt": "abandonada"},
}


def _term(term: Term, lang: Lang) -> str:
    if term.table == "kind":
        return kind_name(term.key, lang)
    if term.table == "column":
        return column_name(term.key, lang)
    if term.table == "type":
        return type_name(term.key, lang)
    if term.table == "order":
        return order_name(term.key, lang)
    if term.table == "held":
        return message(f"held_{term.key}", lang)
    names = {"unit": _UNIT_NAMES, "outcome": _OUTCOME_NAMES}[term.table].get(term.key, {"en": term.key})
    return names.get(lang, names["en"])


def _value(value: object, lang: Lang) -> object:
    if isinstance(value, Term):
        return _term(value, lang)
    if isinstance(value, Issue):
        return render(value, lang)
    if isinstance(value, tuple) and all(isinstance(v, Issue) for v in value):
        return "; ".join(render(v, lang) for v in value)  # several reasons of one row
    return value


def render(found: Issue, lang: Lang = "en") -> str:
    """The sentence of one issue in ``lang``: its code's sentence filled with its values (terms named)."""
    values: Mapping[str, Any] = {key: _value(value, lang) for key, value in found.params.items()}
    return message(found.code, lang, **values)


def render_all(found: list[Issue], lang: Lang = "en") -> list[str]:
    """Each issue's sentence, in order."""
    return [render(item, lang) for item in found]


def has_message(code: str) -> bool:
    """Whether ``code`` has a sentence (every code a stage uses must)."""
    return code in _MESSAGES


def row_reasons(reasons: list[RowReason], n: int, lang: Lang = "en") -> pl.Series:
    """Why each of ``n`` source rows was rejected, in words (``None`` for a row no reason rejects); a row with
    several reasons has them joined by ``; ``, and a reason that quotes its cell shows the cell as written."""
    if not reasons:
        return pl.repeat(None, n, dtype=pl.String, eager=True).alias("reason")
    texts: list[pl.Series] = []
    for reason in reasons:
        mask = reason.mask.fill_null(False)
        if reason.cells is not None:
            text = render(Issue(reason.reason.code, {**reason.reason.params, "value": "{value}"}), lang)
            prefix, suffix = text.split("{value}", 1) if "{value}" in text else (text, "")
            texts.append((prefix + reason.cells.str.slice(0, 80) + suffix).set(~mask, None))
        else:
            texts.append(pl.repeat(render(reason.reason, lang), n, dtype=pl.String, eager=True).set(~mask, None))
    frame = pl.DataFrame(texts, schema=[f"r{i}" for i in range(len(texts))])
    joined = frame.select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True)).to_series()
    return joined.replace("", None).alias("reason")


def cell_reasons(blocks: list[CellIssues], lang: Lang = "en") -> pl.DataFrame:
    """The cells of optional columns left empty (``row``, ``column``, ``value``) with their ``reason`` in words."""
    if not blocks:
        return pl.DataFrame(schema={"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String})
    return pl.concat([block.cells.with_columns(pl.lit(render(block.reason, lang), dtype=pl.String).alias("reason"))
                      for block in blocks]).sort("row")
