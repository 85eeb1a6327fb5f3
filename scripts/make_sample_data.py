"""Write the bundled demo data: one year (2025) of "Tienda Verde", a small Spanish online shop
with a monthly subscription box.

Seeded, so the files are the same on every run. The stories hidden in the data are listed in the
README (section "The sample data") for workshop facilitators.

    python scripts/make_sample_data.py [--out sample_data]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import xlsxwriter

SEED = 20250101
YEAR_START = dt.datetime(2025, 1, 1)
DAYS = 365

REGIONS = ["Madrid", "Cataluña", "Andalucía", "Norte", "Islas"]
REGION_P = [0.30, 0.25, 0.20, 0.15, 0.10]
PLANS = {"Básico": 19.0, "Plus": 29.0, "Premium": 49.0}
PLAN_P = [0.5, 0.35, 0.15]
AGENTS = ["Lucía Martín", "Javier Ortega", "Marta Ruiz", "Pablo Sanz", "Elena Vidal", "Sergio Gil"]
CHANNELS = ["Mail", "Web form", "Chat", "Phone", "WhatsApp"]
CHANNEL_P = [0.35, 0.20, 0.25, 0.12, 0.08]
CATEGORIES = [
    "Envío retrasado", "Devolución", "Pago y facturación", "Producto dañado", "Cambio de suscripción",
    "Consulta de producto",
]
CATEGORY_P = [0.24, 0.16, 0.14, 0.10, 0.16, 0.20]
NEW_CATEGORY = "Punto de recogida"  # the pickup-point service launched on 1 October
FIRST_NAMES = ["Ana", "Luis", "Carmen", "José", "María", "David", "Laura", "Jorge", "Sofía", "Raúl", "Nuria",
               "Iván", "Paula", "Óscar", "Irene", "Álvaro", "Noelia", "Rubén", "Clara", "Diego"]
LAST_NAMES = ["García", "López", "Pérez", "González", "Sánchez", "Romero", "Navarro", "Torres", "Domínguez",
              "Vázquez", "Ramos", "Castro", "Muñoz", "Iglesias", "Núñez", "Peña"]

PROMOTER_COMMENTS = [
    "Todo perfecto, repetiré seguro", "Muy buena atención por chat", "Los productos son de calidad",
    "Me encanta la caja de este mes", "Rápidos y amables", "Lucía me ayudó muchísimo",
]
PASSIVE_COMMENTS = [
    "Bien, aunque el envío tardó un poco", "Correcto, sin más", "Precio algo alto",
    "Me gustaría más variedad", "",
]
DETRACTOR_COMMENTS = [
    "El pedido llegó tarde otra vez", "Nadie contestó a mi correo en días", "El envío a Canarias es un desastre",
    "Producto dañado y la devolución fue lenta", "Cobro duplicado y tardaron en devolverlo",
    "No encontraba el punto de recogida", "Muy caro para lo que es",
]


def _season(day_of_year: np.ndarray) -> np.ndarray:
    """Relative daily demand: a Q4 peak (Black Friday, Christmas) and quiet August."""
    month = np.array([(YEAR_START + dt.timedelta(days=int(d))).month for d in day_of_year])
    factor = np.ones(len(day_of_year))
    factor[month == 8] = 0.75
    factor[month == 10] = 1.2
    factor[month == 11] = 1.8
    factor[month == 12] = 1.6
    return factor


class Shop:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = np.random.default_rng(seed)
        self.customers = self._customers()

    # ----------------------------------------------------------------------------- customers
    def _customers(self) -> list[dict[str, object]]:
        rng = self.rng
        rows: list[dict[str, object]] = []
        start = dt.datetime(2024, 1, 1)
        n = 1400
        used_emails: set[str] = set()
        for i in range(n):
            acquired = start + dt.timedelta(days=float(rng.uniform(0, 700)), hours=float(rng.uniform(8, 22)))
            region = str(rng.choice(REGIONS, p=REGION_P))
            plan = str(rng.choice(list(PLANS), p=PLAN_P))
            first, last = str(rng.choice(FIRST_NAMES)), str(rng.choice(LAST_NAMES))
            email = f"{_ascii(first)}.{_ascii(last)}{i}@correo.es".lower()
            used_emails.add(email)
            monthly_churn = {"Básico": 0.055, "Plus": 0.035, "Premium": 0.02}[plan]
            if region == "Islas":
                monthly_churn *= 1.6
            lifetime_months = rng.geometric(monthly_churn)
            ended = acquired + dt.timedelta(days=30.4 * float(lifetime_months))
            rows.append({
                "id": f"sub_{_token(rng, 14)}",
                "customer_id": f"cus_{_token(rng, 14)}",
                "email": email,
                "name": f"{first} {last}",
                "region": region,
                "plan": plan,
                "acquired": acquired,
                "ended": ended if ended < dt.datetime(2025, 12, 31) else None,
                "index": i,
            })
        return [r for r in rows if r["acquired"] < dt.datetime(2025, 12, 20)]  # type: ignore[operator]

    def active_on(self, when: dt.datetime) -> list[dict[str, object]]:
        return [c for c in self.customers
                if c["acquired"] <= when and (c["ended"] is None or c["ended"] > when)]  # type: ignore[operator]

    # ------------------------------------------------------------------------------- tickets
    def tickets(self) -> list[dict[str, object]]:
        rng = self.rng
        days = np.arange(DAYS)
        per_day = rng.poisson(11 * _season(days))
        rows: list[dict[str, object]] = []
        ticket_id = 21000
        for day, count in zip(days, per_day, strict=True):
            date = YEAR_START + dt.timedelta(days=int(day))
            active = self.active_on(date)
            for _ in range(int(count)):
                ticket_id += 1
                created = date + dt.timedelta(hours=float(rng.uniform(7, 23)))
                channel = str(rng.choice(CHANNELS, p=CHANNEL_P))
                if date.month >= 10 and rng.random() < (0.10 if date.month == 10 else 0.16):
                    category = NEW_CATEGORY
                else:
                    probs = np.array(CATEGORY_P)
                    if date.month in (11, 12):
                        probs = probs * np.array([1.6, 1.3, 1, 1.2, 0.7, 0.9])
                    category = str(rng.choice(CATEGORIES, p=probs / probs.sum()))
                customer = active[int(rng.integers(len(active)))] if active else self.customers[0]
                agent = str(rng.choice(AGENTS, p=[0.2, 0.2, 0.18, 0.16, 0.14, 0.12]))
                # first reply: chat/phone fast; mail slow, and very slow in Q4 (the SLA trouble)
                base = {"Chat": 4, "Phone": 2, "WhatsApp": 25, "Web form": 180, "Mail": 300}[channel]
                if channel == "Mail" and date.month in (10, 11, 12):
                    base *= 3.5
                frt = float(rng.lognormal(np.log(base), 0.7))
                replies = int(1 + rng.poisson(0.9 if category != "Consulta de producto" else 0.3))
                reopens = int(rng.random() < 0.08)
                resolution = frt + float(rng.lognormal(np.log(60 * replies * 3), 0.9))
                solved = created + dt.timedelta(minutes=resolution)
                end_of_data = dt.datetime(2025, 12, 31, 23, 59)
                if solved > end_of_data or rng.random() < 0.01:
                    status, solved_at = str(rng.choice(["Open", "Pending", "Hold"])), None
                    resolution_value: float | None = None
                else:
                    status = "Closed" if solved < end_of_data - dt.timedelta(days=4) else "Solved"
                    solved_at, resolution_value = solved, resolution
                slow = frt > 24 * 60
                good_p = 0.9 - 0.35 * slow - 0.15 * (category in ("Producto dañado", "Envío retrasado"))
                offered = solved_at is not None and rng.random() < 0.55
                if not offered:
                    satisfaction = "Not Offered"
                elif rng.random() < 0.45:
                    satisfaction = "Offered"
                else:
                    satisfaction = "Good" if rng.random() < good_p else "Bad"
                rows.append({
                    "Summation column": "",
                    "Id": ticket_id,
                    "Requester": customer["name"],
                    "Requester id": 360000000000 + int(customer["index"]),  # type: ignore[call-overload]
                    "Requester email": customer["email"],
                    "Assignee": agent,
                    "Group": "Soporte",
                    "Subject": category,
                    "Status": status,
                    "Priority": str(rng.choice(["Low", "Normal", "High", "Urgent"], p=[0.2, 0.6, 0.15, 0.05])),
                    "Via": channel,
                    "Ticket type": str(rng.choice(["Question", "Incident", "Problem", "Task"],
                                                  p=[0.5, 0.3, 0.1, 0.1])),
                    "Created at": created.strftime("%Y-%m-%d %H:%M"),
                    "Solved at": solved_at.strftime("%Y-%m-%d %H:%M") if solved_at else "",
                    "Satisfaction Score": satisfaction,
                    "Reopens": reopens,
                    "Replies": replies,
                    "First reply time in minutes": round(frt),
                    "Full resolution time in minutes": round(resolution_value) if resolution_value else "",
                    "Ticket Category [list]": category,
                    "Region [list]": customer["region"],
                    "_created": created,
                    "_customer": customer,
                    "_slow": slow,
                })
        return rows

    # ----------------------------------------------------------------------------- surveys
    def responses(self, tickets: list[dict[str, object]]) -> list[list[object]]:
        rng = self.rng
        rows: list[list[object]] = []
        for t in tickets:
            if rng.random() > 0.55:
                continue
            customer = t["_customer"]
            created: dt.datetime = t["_created"]  # type: ignore[assignment]
            when = created + dt.timedelta(days=float(rng.uniform(1, 4)), hours=float(rng.uniform(0, 10)))
            if when.year > 2025:
                continue
            region = customer["region"]  # type: ignore[index]
            # NPS mix: Islas and Q4 worse, slow replies much worse, Premium better
            shift = -1.4 * (region == "Islas") - 0.5 * (created.month in (11, 12)) - 1.6 * bool(t["_slow"])
            shift += 0.6 * (customer["plan"] == "Premium")  # type: ignore[index]
            score = int(np.clip(np.round(rng.normal(8.1 + shift, 1.9)), 0, 10))
            if score >= 9:
                comment, emotion = str(rng.choice(PROMOTER_COMMENTS)), "positiva"
            elif score >= 7:
                comment, emotion = str(rng.choice(PASSIVE_COMMENTS)), str(rng.choice(["neutra", "positiva"]))
            else:
                comment, emotion = str(rng.choice(DETRACTOR_COMMENTS)), str(rng.choice(["negativa", "neutra"],
                                                                                          p=[0.8, 0.2]))
            if rng.random() < 0.5:
                comment = ""
            csat = int(np.clip(np.round(1 + (score / 10) * 4 + rng.normal(0, 0.6)), 1, 5))
            rows.append([
                when.strftime("%d/%m/%Y %H:%M"), customer["email"], score, csat, comment, emotion,  # type: ignore[index]
                region, customer["plan"], t["Via"],  # type: ignore[index]
            ])
        rows.sort(key=lambda r: dt.datetime.strptime(str(r[0]), "%d/%m/%Y %H:%M"))
        return rows

    # ------------------------------------------------------------------------------- orders
    def orders(self, tickets: list[dict[str, object]]) -> list[dict[str, object]]:
        rng = self.rng
        rows: list[dict[str, object]] = []
        number = 50000
        days = np.arange(DAYS)
        per_day = rng.poisson(14 * _season(days))
        for day, count in zip(days, per_day, strict=True):
            date = YEAR_START + dt.timedelta(days=int(day))
            active = self.active_on(date) or self.customers
            for _ in range(int(count)):
                number += 1
                customer = active[int(rng.integers(len(active)))]
                amount = float(np.round(rng.lognormal(np.log(38), 0.5), 2))
                rows.append(_order(number, date + dt.timedelta(hours=float(rng.uniform(8, 23))), customer, amount,
                                   "", 0.0, "", "Normal"))
        # agent-assisted sales after a contact: upsell, cross-sell and save-the-sale codes
        skill = {"Lucía Martín": 0.16, "Javier Ortega": 0.05, "Marta Ruiz": 0.09, "Pablo Sanz": 0.03,
                 "Elena Vidal": 0.07, "Sergio Gil": 0.02}
        for t in tickets:
            agent = str(t["Assignee"])
            if rng.random() > skill[agent]:
                continue
            created: dt.datetime = t["_created"]  # type: ignore[assignment]
            when = created + dt.timedelta(hours=float(rng.uniform(0.5, 60)))
            if when.year > 2025:
                continue
            number += 1
            kind = str(rng.choice(["Venta adicional", "Venta cruzada", "Salvar la venta"], p=[0.45, 0.3, 0.25]))
            if kind == "Salvar la venta":
                amount, code, discount = 29.0 * 3, "QUEDATE15", round(29.0 * 3 * 0.15, 2)
            elif kind == "Venta adicional":
                amount, code, discount = float(np.round(rng.uniform(20, 60), 2)), "MEJORA10", 0.0
                discount = round(amount * 0.10, 2)
            else:
                amount, code, discount = float(np.round(rng.uniform(12, 45), 2)), "", 0.0
            rows.append(_order(number, when, t["_customer"], amount, code, discount, agent, kind))  # type: ignore[arg-type]
        rows.sort(key=lambda r: r["Fecha"])  # type: ignore[arg-type, return-value]
        return rows


def _order(number: int, when: dt.datetime, customer: dict[str, object], amount: float, code: str,
           discount: float, agent: str, kind: str) -> dict[str, object]:
    return {"Pedido": f"#{number}", "Fecha": when.replace(microsecond=0, second=0), "Cliente": customer["email"],
            "Importe": amount, "Código de descuento": code, "Descuento": discount, "Agente": agent,
            "Tipo de venta": kind, "Región": customer["region"]}


def _ascii(text: str) -> str:
    table = str.maketrans("áéíóúÁÉÍÓÚñÑ", "aeiouAEIOUnN")
    return text.translate(table)


def _token(rng: np.random.Generator, n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(alphabet[int(i)] for i in rng.integers(0, len(alphabet), n))


def _spanish_number(value: float) -> str:
    whole, frac = f"{value:,.2f}".split(".")
    return whole.replace(",", ".") + "," + frac


def write_all(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shop = Shop()
    tickets = shop.tickets()

    # 1. Zendesk legacy CSV export (the real tool format, UTF-8, comma separated)
    columns = [c for c in tickets[0] if not c.startswith("_")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(tickets)
    (out / "tickets_zendesk.csv").write_text(buffer.getvalue(), encoding="utf-8")

    # 2. Survey answers as saved by a Spanish Excel: ';', cp1252, dd/mm/yyyy, Spanish headers
    responses = shop.responses(tickets)
    buffer = io.StringIO()
    writer2 = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer2.writerow(["Fecha", "Correo electrónico", "¿Recomendarías Tienda Verde? (0-10)",
                      "Satisfacción (1-5)", "Comentario", "Emoción", "Región", "Plan", "Canal"])
    writer2.writerows(responses)
    (out / "encuestas_nps.csv").write_bytes(buffer.getvalue().encode("cp1252"))

    # 3. Stripe subscriptions export
    buffer = io.StringIO()
    writer3 = csv.writer(buffer, lineterminator="\n")
    writer3.writerow(["id", "Customer ID", "Customer Email", "Customer Name", "Status", "Cancellation Reason",
                      "Created (UTC)", "Start Date (UTC)", "Canceled At (UTC)", "Ended At (UTC)", "Plan",
                      "Amount", "region (metadata)"])
    rng = np.random.default_rng(SEED + 3)
    for c in shop.customers:
        ended: dt.datetime | None = c["ended"]  # type: ignore[assignment]
        acquired: dt.datetime = c["acquired"]  # type: ignore[assignment]
        canceled = ended - dt.timedelta(days=float(rng.uniform(3, 25))) if ended else None
        if canceled and canceled < acquired:
            canceled = acquired
        reason = str(rng.choice(["cancellation_requested", "payment_failed"], p=[0.85, 0.15])) if ended else ""
        writer3.writerow([
            c["id"], c["customer_id"], c["email"], c["name"], "canceled" if ended else "active", reason,
            acquired.strftime("%Y-%m-%d %H:%M:%S"), acquired.strftime("%Y-%m-%d %H:%M:%S"),
            canceled.strftime("%Y-%m-%d %H:%M:%S") if canceled else "",
            ended.strftime("%Y-%m-%d %H:%M:%S") if ended else "", c["plan"], f"{PLANS[str(c['plan'])]:.2f}",
            c["region"],
        ])
    (out / "suscripciones_stripe.csv").write_text(buffer.getvalue(), encoding="utf-8")

    # 4. Orders in a real Excel workbook (date cells, number cells, Spanish headers)
    orders = shop.orders(tickets)
    workbook = xlsxwriter.Workbook(str(out / "pedidos.xlsx"))
    workbook.set_properties({"created": dt.datetime(2026, 1, 2), "author": "Tienda Verde"})
    sheet = workbook.add_worksheet("Pedidos")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    money = workbook.add_format({"num_format": "#,##0.00 €"})
    headers = list(orders[0])
    sheet.write_row(0, 0, headers)
    for r, order in enumerate(orders, start=1):
        for c, header in enumerate(headers):
            value = order[header]
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, float):
                sheet.write_number(r, c, value, money)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()

    # 5. The team's monthly cost, typed by hand in a Spanish Excel
    buffer = io.StringIO()
    writer5 = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer5.writerow(["Mes", "Concepto", "Agente", "Coste (€)"])
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
              "noviembre", "diciembre"]
    salaries = {"Lucía Martín": 2350.0, "Javier Ortega": 2200.0, "Marta Ruiz": 2250.0, "Pablo Sanz": 2100.0,
                "Elena Vidal": 2150.0, "Sergio Gil": 2050.0}
    for i, month in enumerate(months, start=1):
        for agent, salary in salaries.items():
            writer5.writerow([f"{month} 2025", "Salario", agent, _spanish_number(salary * 1.32)])
        tools = 890.0 if i < 10 else 1240.0  # the WhatsApp/pickup add-ons from October
        writer5.writerow([f"{month} 2025", "Herramientas (Zendesk, WhatsApp)", "", _spanish_number(tools)])
    (out / "costes_equipo.csv").write_bytes(buffer.getvalue().encode("cp1252"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_data")
    write_all(parser.parse_args().out)


if __name__ == "__main__":
    main()
