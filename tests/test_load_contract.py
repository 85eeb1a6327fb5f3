"""The rejected-rows contract, value rules, mapping overrides and duplicate reporting."""

from __future__ import annotations

import polars as pl
import pytest

import cxkit
from cxkit import _parse as P
from tests.conftest import DATA


def test_rejected_rows_are_counted_numbered_and_kept_as_text() -> None:
    data = (
        "Fecha;Puntuación;Comentario\n"
        "01/03/2025;9;Bien\n"
        "02/03/2025;11;Fuera de escala\n"  # row 2: out of range, not clipped to 10
        "03/03/2025;siete;Texto\n"  # row 3: not a number
        "no es fecha;8;Fecha mala\n"  # row 4: unreadable required date
        ";7;Sin fecha\n"  # row 5: missing required date
        "06/03/2025;7,5;Decimal\n"  # row 6: not a whole score
        "07/03/2025;;Sin nota\n"  # row 7: no score is allowed (not every answer has one)
        "13/03/2025;0;Cero\n"
    ).encode()
    loaded = cxkit.load(data, name="encuesta.csv")
    assert loaded.data_rows == 8
    assert loaded.frame.height + loaded.rejected.height == 8
    assert loaded.frame["nps_score"].to_list() == [9, None, 0]
    rejected = loaded.rejected
    assert rejected["row"].to_list() == [2, 3, 4, 5, 6]
    assert "outside 0–10: '11'" in rejected["reason"][0]
    assert "'siete'" in rejected["reason"][1]
    assert "'Fecha' is not a valid date: 'no es fecha'" in rejected["reason"][2]
    assert "'Fecha' is empty" in rejected["reason"][3]
    # the original cells are kept as text, for the user to download and fix
    assert rejected.columns[:2] == ["row", "reason"]
    assert rejected["Puntuación"].to_list() == ["11", "siete", "8", "7", "7,5"]
    assert rejected["Comentario"][0] == "Fuera de escala"
    assert any("5 row(s) could not be loaded" in w for w in loaded.warnings)


def test_reasons_in_spanish() -> None:
    loaded = cxkit.load(b"Fecha;Puntuacion\n01/03/2025;11\n13/03/2025;9\n", name="e.csv", lang="es")
    assert "está fuera de 0–10" in loaded.rejected["reason"][0]
    assert any("no se pudieron cargar" in w for w in loaded.warnings)


def test_unreadable_optional_cells_are_reported_not_dropped() -> None:
    data = b"Ticket ID,Created at,First reply time in minutes,Status\n1,2025-01-01 10:00,abc,solved\n2,2025-01-02 10:00,5,weird\n"
    loaded = cxkit.load(data, name="t.csv")
    assert loaded.frame.height == 2 and loaded.rejected.height == 0
    issues = loaded.cell_issues
    assert issues.select("row", "column", "value").rows() == [(1, "First reply time in minutes", "abc"), (2, "Status", "weird")]
    # each cell says why it could not be read; the unknown status is kept as written beside the column
    assert issues["reason"].to_list() == ["not a valid duration", "not a known status value"]
    assert loaded.frame["status"].to_list() == ["solved", None]
    assert loaded.frame["status_text"].to_list() == ["solved", "weird"]
    assert any("could not be read as duration" in w for w in loaded.warnings)


def test_rows_with_broken_quotes_are_rejected_with_their_line() -> None:
    data = (
        b'Ticket ID,Created at,Subject\n1,2025-01-01 10:00,"ok"\n2,2025-01-02 10:00,"broken, subject\n'
        b"3,2025-01-03 10:00,fine\n4,2025-01-04 10:00,too,many,fields\n5,2025-01-05 10:00,last\n"
    )
    loaded = cxkit.load(data, name="t.csv")
    # the unclosed quote does not swallow the rest of the file
    assert loaded.frame["ticket_id"].to_list() == ["1", "2", "3", "5"]
    assert loaded.frame["Subject"][1] == "broken, subject"
    assert any("quote that is never closed" in w for w in loaded.warnings)
    assert loaded.rejected["row"].to_list() == [4]
    assert loaded.rejected["reason"][0] == "the row has 5 fields, the header has 3"
    assert loaded.rejected["Subject"][0] == "too,many,fields"
    assert loaded.frame.height + loaded.rejected.height == 5


def test_duplicate_ids_are_reported() -> None:
    data = b"Ticket ID,Created at\n1,2025-01-01 10:00\n2,2025-01-02 10:00\n1,2025-01-03 10:00\n1,2025-01-04 10:00\n"
    loaded = cxkit.load(data, name="t.csv")
    assert loaded.frame.height == 4  # kept: the user decides
    assert any("2 row(s) repeat an id already seen in 'Ticket ID' (e.g. '1')" in w for w in loaded.warnings)


def test_blank_rows_are_not_data_rows_and_are_reported() -> None:
    data = b"Ticket ID,Created at\n1,2025-01-01 10:00\n\n,\n2,2025-01-02 10:00\n"
    loaded = cxkit.load(data, name="t.csv")
    assert loaded.data_rows == 2
    assert loaded.rejected.height == 0
    assert any("2 completely empty row(s)" in w for w in loaded.warnings)
    assert loaded.frame["ticket_id"].to_list() == ["1", "2"]


def test_mapping_override_and_unmapping() -> None:
    data = b"Date,Score,Other score\n2025-01-01,9,3\n2025-01-02,7,10\n"
    default = cxkit.load(data, name="a.csv")
    assert default.mapping["nps_score"] == "Score"
    override = cxkit.load(data, name="a.csv", mapping={"nps_score": "Other score"})
    assert override.frame["nps_score"].to_list() == [3, 10]
    assert "Score" in override.frame.columns  # the displaced column is kept as a segment
    no_comment = cxkit.load(DATA / "typeform.csv", mapping={"comment": None})
    assert "comment" not in no_comment.frame.columns


def test_kind_can_be_forced() -> None:
    data = b"Fecha,Cliente,Importe\n2025-01-01,ana@example.es,10\n"
    assert cxkit.load(data, name="x.csv", kind="orders").kind == "orders"


@pytest.mark.parametrize(
    ("mapping", "code"),
    [({"nps_score": "No such column"}, "bad_mapping"), ({"not_a_column": "Score"}, "bad_mapping")],
)
def test_bad_mapping_is_a_load_error(mapping: dict[str, str], code: str) -> None:
    with pytest.raises(cxkit.LoadError) as error:
        cxkit.load(b"Date,Score\n2025-01-01,9\n", name="a.csv", mapping=mapping)
    assert error.value.code == code


def test_ratings_scales_and_words() -> None:
    _, satisfied, top = P.parse_rating(pl.Series(["5", "4", "3", "1", None]))
    assert top == 5 and satisfied.values.to_list() == [True, True, False, False, None]
    _, satisfied7, top7 = P.parse_rating(pl.Series(["7", "6", "5"]))
    assert top7 == 7 and satisfied7.values.to_list() == [True, True, False]
    _, words, _ = P.parse_rating(pl.Series(["Good", "bad", "Offered", "Unoffered", "Not Offered", "Great", "Okay"]))
    assert words.values.to_list() == [True, False, None, None, None, True, False]
    score_bad, _, _ = P.parse_rating(pl.Series(["12", "-1", "fantastic"]))
    assert score_bad.bad.to_list() == [True, True, True]


def test_statuses_english_and_spanish() -> None:
    cells = ["New", "Open", "Pending", "Hold", "On-hold", "Solved", "Closed", "Nuevo", "Abierto", "Pendiente",
             "En espera", "Resuelto", "Cerrado", "Resolved"]
    parsed = P.parse_labels(pl.Series(cells), P.STATUS_LABELS, dtype=pl.String())
    assert parsed.values.to_list() == ["new", "open", "pending", "on_hold", "on_hold", "solved", "closed", "new",
                                       "open", "pending", "on_hold", "solved", "closed", "solved"]


def test_nps_scores_are_never_clipped() -> None:
    parsed = P.parse_nps(pl.Series(["0", "10", "10.0", "11", "-1", "9.5", "x", None]))
    assert parsed.values.to_list() == [0, 10, 10, None, None, None, None, None]
    assert parsed.bad.to_list() == [False, False, False, True, True, True, True, False]


def test_nps_group_mismatch_is_reported() -> None:
    data = b"ResponseId,RecordedDate,Q1,Q1_NPS_GROUP\nR_1,2025-01-01 10:00:00,9,Detractor\nR_2,2025-01-02 10:00:00,3,Detractor\n"
    loaded = cxkit.load(data, name="q.csv")
    assert any("1 row(s) have an NPS group" in w for w in loaded.warnings)


def test_excel_damaged_ids_are_reported() -> None:
    data = b"Id,Created at\n1.03006E+13,08-04-2023 20:52\n1.03007E+13,15-04-2023 09:00\n"
    loaded = cxkit.load(data, name="t.csv", kind="tickets")
    assert any("damaged by Excel" in w for w in loaded.warnings)


def test_formula_like_text_is_kept_and_reported() -> None:
    data = b'Date,Score,Comment\n2025-01-01,9,"=HYPERLINK(""http://x"",""y"")"\n2025-01-02,8,-just text\n'
    loaded = cxkit.load(data, name="a.csv")
    assert loaded.frame["comment"][0].startswith("=HYPERLINK")
    assert any("start like a spreadsheet formula" in w for w in loaded.warnings)


def test_labels_are_cleaned_per_distinct_value_and_typed() -> None:
    """Channels, agents and types come out stripped, with "no value" tokens empty, as Categorical; statuses as an
    Enum of the six canonical values; a formula planted in an agent's name is kept and reported."""
    data = (
        "Ticket ID;Created at;Status;Channel;Agent;Type\n"
        "1;2025-01-01 10:00;  Solved ;Chat;Ana;Pago\n"
        "2;2025-01-02 10:00;n/a; Chat  ;=cmd|' /C calc'!A0;Pago\n"
        "3;2025-01-03 10:00;Cerrado;N/A;Ana ; Envío\n"
        "4;2025-01-04 10:00;Abierto;Mail;-;Envío\n"
    ).encode()
    loaded = cxkit.load(data, name="t.csv", kind="tickets")
    frame = loaded.frame
    assert frame.schema["status"] == cxkit.SCHEMAS["tickets"]["status"].dtype
    assert isinstance(frame.schema["channel"], pl.Categorical) and isinstance(frame.schema["agent"], pl.Categorical)
    assert frame["status"].to_list() == ["solved", None, "closed", "open"]
    assert frame["channel"].to_list() == ["Chat", "Chat", None, "Mail"]
    assert frame["agent"].to_list() == ["Ana", "=cmd|' /C calc'!A0", "Ana", None]
    assert frame["ticket_type"].to_list() == ["Pago", "Pago", "Envío", "Envío"]
    assert loaded.rejected.height == 0 and loaded.cell_issues.height == 0
    assert any(w.startswith("1 text cell(s) in 'Agent'") and "formula" in w for w in loaded.warnings), loaded.warnings


def test_file_like_and_bytes_sources_give_the_same_result() -> None:
    raw = (DATA / "typeform.csv").read_bytes()
    import io

    class Upload(io.BytesIO):
        name = "typeform.csv"

    from_path = cxkit.load(DATA / "typeform.csv")
    from_bytes = cxkit.load(raw, name="typeform.csv")
    from_upload = cxkit.load(Upload(raw))
    assert from_path.frame.equals(from_bytes.frame) and from_path.frame.equals(from_upload.frame)
    assert from_upload.name == "typeform.csv"


def test_ratings_on_other_scales_are_not_taken_for_nps() -> None:
    stars = "Date,Score\n" + "".join(f"2025-01-{d:02d},{1 + d % 5}\n" for d in range(1, 29))
    loaded = cxkit.load(stars.encode(), name="stars.csv")
    assert "nps_score" not in loaded.frame.columns and loaded.mapping["csat_score"] == "Score"
    assert loaded.frame["satisfied"].to_list()[:5] == [False, False, True, True, False]  # 2, 3, 4, 5, 1 of 5
    assert any("not the 0–10 NPS question" in w for w in loaded.warnings)
    one_to_ten = "Date,Score\n" + "".join(f"2025-01-{1 + i % 28:02d},{1 + i % 10}\n" for i in range(40))
    assert "nps_score" not in cxkit.load(one_to_ten.encode(), name="s.csv").frame.columns
    confirmed = cxkit.load(one_to_ten.encode(), name="s.csv", mapping={"nps_score": "Score"})
    assert confirmed.frame["nps_score"].max() == 10 and any("because you mapped it" in w for w in confirmed.warnings)
    real = "Date,Score\n" + "".join(f"2025-01-{1 + i % 28:02d},{i % 11}\n" for i in range(40))
    assert cxkit.load(real.encode(), name="nps.csv").frame["nps_score"].min() == 0
