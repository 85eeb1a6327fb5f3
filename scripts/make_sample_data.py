"""Write the bundled demo data: one year (2025) of "Tienda Verde", a small Spanish online shop
with a monthly subscription box.

Seeded, so the files are the same on every run. The story the data tells, and the mechanism that
writes it, is in sample_data/README.md; tests/test_sample_story.py checks every sentence of it.

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


ACQUISITION_START = dt.datetime(2024, 1, 1)
END_OF_DATA = dt.datetime(2025, 12, 31, 23, 59)
SLA_MINUTES = 24 * 60  # the app's default first-reply target
# --- the causal story (documented in sample_data/README.md) -------------------------------------------
BASE_CHURN = {"Básico": 0.040, "Plus": 0.028, "Premium": 0.018}  # monthly, before any experience
ISLAS_CHURN = 1.4  # deliveries to the islands are slow
LATE_EFFECT, LATE_DAYS = 5.0, 150  # a first reply past the target: hazard ×5 for 150 days from that reply
SURVEY_EFFECT = {"detractor": 2.0, "passive": 1.0, "promoter": 0.55}  # from the customer's last answer on
CANCEL_CONTACT = 0.6  # share of customers about to leave who write to ask how to cancel
OFFER = {"Lucía Martín": 0.9, "Javier Ortega": 0.6, "Marta Ruiz": 0.7, "Pablo Sanz": 0.5, "Elena Vidal": 0.6,
         "Sergio Gil": 0.3}  # the agent offers QUEDATE15 (3 months of Plus for 15 % less)
TAKE_RATE = 0.6
SAVED_DAYS = 92  # a saved customer has paid three months ahead
SELL = {"Lucía Martín": 0.32, "Javier Ortega": 0.10, "Marta Ruiz": 0.13, "Pablo Sanz": 0.05, "Elena Vidal": 0.09,
        "Sergio Gil": 0.06}  # chance that a contact ends in an upsell or cross-sell, before the channel factor
SELL_CHANNEL = {"Chat": 2.4, "Phone": 1.6, "WhatsApp": 1.2, "Web form": 0.3, "Mail": 0.2}
FRT_BASE = {"Chat": 4.0, "Phone": 2.0, "WhatsApp": 30.0, "Web form": 240.0, "Mail": 420.0}  # median minutes
SLOW_AGENT = "Pablo Sanz"  # misses the target often: written replies take 2.3× longer
AGENT_P = [0.29, 0.15, 0.14, 0.14, 0.14, 0.14]  # Lucía full-time, the others half-time
TICKETS_PER_DAY = 15.0
ORDERS_PER_DAY = 16.0
ACQUISITIONS_PER_DAY = 2.6


def _season(date: dt.datetime) -> float:
    """Relative daily demand: a Q4 peak (Black Friday, Christmas) and quiet August."""
    return {8: 0.75, 10: 1.15, 11: 1.8, 12: 1.6}.get(date.month, 1.0)


def _daily(monthly: np.ndarray) -> np.ndarray:
    return 1 - (1 - monthly) ** (1 / 30.4)


class Shop:
    """Simulates the shop day by day from January 2024 (customers only) through 2025 (customers, tickets,
    surveys, orders). A customer's chance of leaving each day depends on plan and region, and from 2025 on
    what happened to them: a late first reply or a detractor answer raises it from that moment on."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = np.random.default_rng(seed)
        self.customers: list[dict[str, object]] = []
        self.ticket_rows: list[dict[str, object]] = []
        self.response_rows: list[list[object]] = []
        self.order_rows: list[dict[str, object]] = []
        self._ticket_id = 21000
        self._order_number = 50000
        self._simulate()

    # ---------------------------------------------------------------------------- simulation
    def _new_customer(self, day: dt.datetime) -> None:
        rng = self.rng
        i = len(self.customers)
        region = str(rng.choice(REGIONS, p=REGION_P))
        plan = str(rng.choice(list(PLANS), p=PLAN_P))
        first, last = str(rng.choice(FIRST_NAMES)), str(rng.choice(LAST_NAMES))
        monthly = BASE_CHURN[plan] * (ISLAS_CHURN if region == "Islas" else 1.0)
        self.customers.append({
            "id": f"sub_{_token(rng, 14)}", "customer_id": f"cus_{_token(rng, 14)}",
            "email": f"{_ascii(first)}.{_ascii(last)}{i}@correo.es".lower(), "name": f"{first} {last}",
            "region": region, "plan": plan, "acquired": day + dt.timedelta(hours=float(rng.uniform(8, 22))),
            "ended": None, "index": i, "monthly_churn": monthly,
            "late_from": None, "late_until": None, "mood": 1.0, "protected_until": None,
        })

    def _simulate(self) -> None:
        rng = self.rng
        for offset in range((dt.datetime(2025, 12, 31) - ACQUISITION_START).days + 1):
            day = ACQUISITION_START + dt.timedelta(days=offset)
            season = _season(day) if day.year == 2025 else 1.0
            for _ in range(int(rng.poisson(ACQUISITIONS_PER_DAY * (1.3 if day.month == 11 else 1.0)))):
                self._new_customer(day)
            active = [c for c in self.customers if c["ended"] is None and c["acquired"] < day]  # type: ignore[operator]
            # 1. who decides to leave today (experience acts from the moment it happened)
            for c in active:
                if c["protected_until"] is not None and day < c["protected_until"]:  # type: ignore[operator]
                    continue
                multiplier = float(c["mood"])  # type: ignore[arg-type]
                if c["late_from"] is not None and c["late_from"] <= day < c["late_until"]:  # type: ignore[operator]
                    multiplier *= LATE_EFFECT
                if rng.random() < _daily(np.array(c["monthly_churn"])) * multiplier:
                    self._leave(c, day)
            if day.year < 2025:
                continue
            active = [c for c in active if c["ended"] is None]
            # 2. ordinary tickets
            for _ in range(int(rng.poisson(TICKETS_PER_DAY * season))):
                customer = active[int(rng.integers(len(active)))]
                self._ticket(customer, day + dt.timedelta(hours=float(rng.uniform(7, 23))), season)
            # 3. ordinary orders
            for _ in range(int(rng.poisson(ORDERS_PER_DAY * season))):
                customer = active[int(rng.integers(len(active)))]
                amount = float(np.round(rng.lognormal(np.log(38), 0.5), 2))
                self._order(day + dt.timedelta(hours=float(rng.uniform(8, 23))), customer, amount, "", 0.0, "",
                            "Normal")

    def _leave(self, customer: dict[str, object], day: dt.datetime) -> None:
        rng = self.rng
        when = day + dt.timedelta(hours=float(rng.uniform(0, 23)))
        if day.year == 2025 and rng.random() < CANCEL_CONTACT:
            ticket = self._ticket(customer, when, _season(day), category="Cambio de suscripción", cancel=True)
            agent = str(ticket["Assignee"])
            if rng.random() < OFFER[agent] and rng.random() < TAKE_RATE:
                reply: dt.datetime = ticket["_reply"]  # type: ignore[assignment]
                when = min(reply + dt.timedelta(minutes=float(rng.uniform(2, 90))), END_OF_DATA)
                self._order(when, customer, 29.0 * 3, "QUEDATE15", round(29.0 * 3 * 0.15, 2), agent, "Salvar la venta")
                customer["protected_until"] = day + dt.timedelta(days=SAVED_DAYS)
                return
            when = ticket["_reply"] + dt.timedelta(days=float(rng.uniform(0.5, 4)))  # type: ignore[operator]
        customer["ended"] = when

    def _ticket(self, customer: dict[str, object], created: dt.datetime, season: float, *,
                category: str | None = None, cancel: bool = False) -> dict[str, object]:
        rng = self.rng
        self._ticket_id += 1
        channel = str(rng.choice(CHANNELS, p=CHANNEL_P))
        if category is None:
            category = _category(rng, created)
        agent = str(rng.choice(AGENTS, p=AGENT_P))
        base = FRT_BASE[channel]
        if channel in ("Mail", "Web form"):
            base *= 1 + 2.0 * max(0.0, season - 1.0)  # the peak stretches written replies
            if agent == SLOW_AGENT:
                base *= 2.3
        frt = float(rng.lognormal(np.log(base), 0.8))
        reply = created + dt.timedelta(minutes=frt)
        late = frt > SLA_MINUTES
        if late and not cancel:
            customer["late_from"] = reply
            customer["late_until"] = reply + dt.timedelta(days=LATE_DAYS)
        replies = int(1 + rng.poisson(0.9 if category != "Consulta de producto" else 0.3))
        resolution = frt + float(rng.lognormal(np.log(60 * replies * 3), 0.9))
        solved = created + dt.timedelta(minutes=resolution)
        if solved > END_OF_DATA or rng.random() < 0.01:
            status, solved_at, resolution_value = str(rng.choice(["Open", "Pending", "Hold"])), None, None
        else:
            status = "Closed" if solved < END_OF_DATA - dt.timedelta(days=4) else "Solved"
            solved_at, resolution_value = solved, resolution
        good_p = 0.9 - 0.35 * late - 0.15 * (category in ("Producto dañado", "Envío retrasado"))
        offered = solved_at is not None and rng.random() < 0.55
        if not offered:
            satisfaction = "Not Offered"
        elif rng.random() < 0.45:
            satisfaction = "Offered"
        else:
            satisfaction = "Good" if rng.random() < good_p else "Bad"
        row: dict[str, object] = {
            "Summation column": "", "Id": self._ticket_id, "Requester": customer["name"],
            "Requester id": 360000000000 + int(customer["index"]),  # type: ignore[call-overload]
            "Requester email": customer["email"], "Assignee": agent, "Group": "Soporte", "Subject": category,
            "Status": status,
            "Priority": str(rng.choice(["Low", "Normal", "High", "Urgent"], p=[0.2, 0.6, 0.15, 0.05])),
            "Via": channel,
            "Ticket type": str(rng.choice(["Question", "Incident", "Problem", "Task"], p=[0.5, 0.3, 0.1, 0.1])),
            "Created at": created.strftime("%Y-%m-%d %H:%M"),
            "Solved at": solved_at.strftime("%Y-%m-%d %H:%M") if solved_at else "",
            "Satisfaction Score": satisfaction, "Reopens": int(rng.random() < 0.08), "Replies": replies,
            "First reply time in minutes": round(frt),
            "Full resolution time in minutes": round(resolution_value) if resolution_value else "",
            "Ticket Category [list]": category, "Region [list]": customer["region"],
            "_created": created, "_reply": reply, "_customer": customer, "_late": late,
        }
        self.ticket_rows.append(row)
        if not cancel:
            self._survey(row)
            self._maybe_sell(row)
        return row

    def _survey(self, ticket: dict[str, object]) -> None:
        rng = self.rng
        if rng.random() > 0.55:
            return
        customer: dict[str, object] = ticket["_customer"]  # type: ignore[assignment]
        created: dt.datetime = ticket["_created"]  # type: ignore[assignment]
        when = created + dt.timedelta(days=float(rng.uniform(1, 4)), hours=float(rng.uniform(0, 10)))
        if when > END_OF_DATA:
            return
        region = customer["region"]
        # NPS mix: Islas and Q4 worse, late replies much worse, Premium better
        shift = -1.4 * (region == "Islas") - 0.5 * (created.month in (11, 12)) - 2.2 * bool(ticket["_late"])
        shift += 0.6 * (customer["plan"] == "Premium")
        score = int(np.clip(np.round(rng.normal(8.1 + shift, 1.9)), 0, 10))
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        customer["mood"] = SURVEY_EFFECT[group]  # from this answer on (the next answer replaces it)
        if group == "promoter":
            comment, emotion = str(rng.choice(PROMOTER_COMMENTS)), "positiva"
        elif group == "passive":
            comment, emotion = str(rng.choice(PASSIVE_COMMENTS)), str(rng.choice(["neutra", "positiva"]))
        else:
            comment = str(rng.choice(DETRACTOR_COMMENTS))
            emotion = str(rng.choice(["negativa", "neutra"], p=[0.8, 0.2]))
        if rng.random() < 0.5:
            comment = ""
        csat = int(np.clip(np.round(1 + (score / 10) * 4 + rng.normal(0, 0.6)), 1, 5))
        self.response_rows.append([
            when.strftime("%d/%m/%Y %H:%M"), customer["email"], score, csat, comment, emotion, region,
            customer["plan"], ticket["Via"],
        ])

    def _maybe_sell(self, ticket: dict[str, object]) -> None:
        """Agent-assisted sales right after a contact: upsells (MEJORA10) and cross-sells."""
        rng = self.rng
        agent, channel = str(ticket["Assignee"]), str(ticket["Via"])
        if rng.random() > min(0.95, SELL[agent] * SELL_CHANNEL[channel]):
            return
        reply: dt.datetime = ticket["_reply"]  # type: ignore[assignment]
        when = reply + dt.timedelta(hours=float(rng.uniform(0.1, 40)))
        if when > END_OF_DATA:
            return
        if rng.random() < 0.6:
            amount = float(np.round(rng.uniform(40, 110), 2))
            self._order(when, ticket["_customer"], amount, "MEJORA10", round(amount * 0.10, 2), agent,  # type: ignore[arg-type]
                        "Venta adicional")
        else:
            self._order(when, ticket["_customer"], float(np.round(rng.uniform(20, 60), 2)), "", 0.0, agent,  # type: ignore[arg-type]
                        "Venta cruzada")

    def _order(self, when: dt.datetime, customer: dict[str, object], amount: float, code: str, discount: float,
               agent: str, kind: str) -> None:
        self._order_number += 1
        self.order_rows.append(_order(self._order_number, when, customer, amount, code, discount, agent, kind))

    # ------------------------------------------------------------------------------- outputs
    def tickets(self) -> list[dict[str, object]]:
        return sorted(self.ticket_rows, key=lambda t: (t["_created"], t["Id"]))  # type: ignore[return-value,arg-type]

    def responses(self) -> list[list[object]]:
        return sorted(self.response_rows, key=lambda r: dt.datetime.strptime(str(r[0]), "%d/%m/%Y %H:%M"))

    def orders(self) -> list[dict[str, object]]:
        rows = sorted(self.order_rows, key=lambda r: r["Fecha"])  # type: ignore[arg-type, return-value]
        for number, row in enumerate(rows, start=50001):  # order numbers follow the dates
            row["Pedido"] = f"#{number}"
        return rows


def _category(rng: np.random.Generator, created: dt.datetime) -> str:
    """Request types: "Pago y facturación" stays 14 % of tickets every month (it grows with the peak, its share
    does not); pickup points appear in October and take share from late-delivery and product questions."""
    if rng.random() < 0.14:
        return "Pago y facturación"
    pickup = {10: 0.11, 11: 0.17, 12: 0.19}.get(created.month, 0.0) if created.year == 2025 else 0.0
    if rng.random() < pickup:
        return NEW_CATEGORY
    others = ["Envío retrasado", "Devolución", "Producto dañado", "Cambio de suscripción", "Consulta de producto"]
    probs = np.array([0.26, 0.18, 0.11, 0.18, 0.27])
    if created.month in (11, 12):
        probs = probs * np.array([1.4, 1.3, 1.2, 0.7, 0.9])
    return str(rng.choice(others, p=probs / probs.sum()))


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
    for customer in shop.customers:  # a cancellation that takes effect after the data ends is not churn yet
        if customer["ended"] is not None and customer["ended"] > END_OF_DATA:  # type: ignore[operator]
            customer["ended"] = None

    # 1. Zendesk legacy CSV export (the real tool format, UTF-8, comma separated)
    columns = [c for c in tickets[0] if not c.startswith("_")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(tickets)
    (out / "tickets_zendesk.csv").write_text(buffer.getvalue(), encoding="utf-8")

    # 2. Survey answers as saved by a Spanish Excel: ';', cp1252, dd/mm/yyyy, Spanish headers
    responses = shop.responses()
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
    orders = shop.orders()
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
    # gross monthly salary; Lucía works full-time, the others half-time
    salaries = {"Lucía Martín": 2350.0, "Javier Ortega": 1100.0, "Marta Ruiz": 1125.0, "Pablo Sanz": 1050.0,
                "Elena Vidal": 1075.0, "Sergio Gil": 1025.0}
    for i, month in enumerate(months, start=1):
        for agent, salary in salaries.items():
            writer5.writerow([f"{month} 2025", "Salario", agent, _spanish_number(salary * 1.32)])
        tools = 590.0 if i < 10 else 840.0  # the WhatsApp/pickup add-ons from October
        writer5.writerow([f"{month} 2025", "Herramientas (Zendesk, WhatsApp)", "", _spanish_number(tools)])
    (out / "costes_equipo.csv").write_bytes(buffer.getvalue().encode("cp1252"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_data")
    write_all(parser.parse_args().out)


if __name__ == "__main__":
    main()
