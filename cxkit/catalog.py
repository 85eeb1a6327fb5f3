"""Every metric's name, definition, formula, unit and source, in English, Spanish and Brazilian Portuguese (an
``_es`` and a ``_pt`` field beside each English one; the Portuguese texts are in ``cxkit._catalog_pt``)."""

from __future__ import annotations

import polars as pl

from cxkit._catalog_pt import PORTUGUESE

__all__ = ["metric_catalog"]

_ROCKS = "Rocks (2016), The American Statistician 70(4):365–372; R package NPS"
_CHARTMOGUL = "ChartMogul help: customer churn rate (standard formula), MRR churn"

_ENTRIES: list[dict[str, str]] = [
    {
        "name": "nps", "function": "cxkit.nps", "unit": "points, −100..100",
        "title_en": "Net Promoter Score", "title_es": "Net Promoter Score (NPS)",
        "formula": "100 × (promoters − detractors) ÷ answers; promoters 9–10, passives 7–8, detractors 0–6",
        "definition_en": "How many more customers recommend you than warn against you. The interval is the "
        "adjusted Wald interval: 0.75 detractors, 1.5 passives and 0.75 promoters are added before computing it.",
        "definition_es": "Cuántos clientes más le recomiendan de los que le desaconsejan. El intervalo es el de "
        "Wald ajustado: se suman 0,75 detractores, 1,5 pasivos y 0,75 promotores antes de calcularlo.",
        "source": _ROCKS,
    },
    {
        "name": "compare_nps", "function": "cxkit.compare_nps", "unit": "points; p-value 0..1",
        "title_en": "NPS change between two periods", "title_es": "Cambio del NPS entre dos periodos",
        "formula": "d = NPS₂ − NPS₁; SE = √(V₁/n₁ + V₂/n₂), V = p_P + p_D − (p_P − p_D)²; p = 2·Φ(−|d/SE|); "
        "adjusted Wald by default (as NPS): shares, d and SE with 0.75 detractors, 1.5 passives and 0.75 promoters "
        "added to each period; the change shown is the plain one",
        "definition_en": "Whether the change is larger than chance alone would explain (different respondents). The "
        "same test compares a segment with the rest (NPS gaps).",
        "definition_es": "Si el cambio es mayor de lo que explicaría el azar (encuestados distintos). La misma "
        "prueba compara un segmento con el resto (diferencias de NPS por segmento).",
        "source": _ROCKS + "; MeasuringU, NPS significance test",
    },
    {
        "name": "definitions", "function": "cxkit.expr.satisfied", "unit": "labels per answer",
        "title_en": "Satisfied, unhappy, promoter, passive, detractor: one definition",
        "title_es": "Satisfecho, descontento, promotor, pasivo, detractor: una sola definición",
        "formula": "satisfied = top box: Good, or 4–5 of 5, 6–7 of 7, 9–10 of 10 (scale from the largest rating); "
        "unhappy = rated and not satisfied (Bad, or 1–3 of 5); promoter 9–10, passive 7–8, detractor 0–6 of the "
        "0–10 score, or the exported group where there is no score; NaN = not answered",
        "definition_en": "Every cxkit number that needs these labels (CSAT, NPS and its tests, NPS gaps, terms by "
        "satisfaction or NPS group, churn by last score, channel mix) uses these same expressions (in "
        "cxkit.expr), whether the file has a derived column or only the score, so dropping the derived column "
        "never changes a result. A 3 of 5 is unhappy, not left out.",
        "definition_es": "Todas las cifras de cxkit que necesitan estas etiquetas (CSAT, NPS y sus pruebas, "
        "diferencias de NPS por segmento, términos por satisfacción o por grupo NPS, bajas según la última nota, "
        "mezcla de canales) usan las mismas expresiones (en cxkit.expr), tenga el archivo una columna derivada "
        "o solo la nota, así que quitar la columna derivada nunca cambia un resultado. Un 3 de 5 cuenta como "
        "descontento, no se deja fuera.",
        "source": "Top-box CSAT (Zendesk good ÷ (good + bad); Delighted 4s and 5s); Reichheld (2003), NPS groups",
    },
    {
        "name": "csat", "function": "cxkit.csat", "unit": "fraction 0..1 (shown as %)",
        "title_en": "Customer satisfaction (CSAT)", "title_es": "Satisfacción del cliente (CSAT)",
        "formula": "satisfied ÷ rated; satisfied = Good or 4–5 of 5; Wilson interval",
        "definition_en": "Share of rated answers that are satisfied. Unrated or merely offered surveys are not "
        "in the denominator.",
        "definition_es": "Proporción de valoraciones satisfechas. Las encuestas sin valorar u ofrecidas no cuentan.",
        "source": "Zendesk: satisfaction score = good ÷ (good + bad); Delighted: CSAT = 4s and 5s ÷ responses",
    },
    {
        "name": "nev", "function": "cxkit.nev", "unit": "points, −100..100",
        "title_en": "Net emotion value", "title_es": "Valor emocional neto",
        "formula": "100 × (positive − negative) ÷ (positive + neutral + negative)",
        "definition_en": "How much positive emotion outweighs negative. No precise public definition exists; "
        "this is cxkit's, per answer. nev_polar leaves neutral answers out.",
        "definition_es": "Cuánto pesan más las emociones positivas que las negativas. No hay una definición "
        "pública precisa; esta es la de cxkit, por respuesta.",
        "source": "Shaw, The DNA of Customer Experience (2007), as summarised by secondary sources",
    },
    {
        "name": "churn_rate", "function": "cxkit.churn", "unit": "fraction 0..1 per period",
        "title_en": "Customer churn rate", "title_es": "Tasa de bajas de clientes",
        "formula": "customers active at the start who left during the period ÷ customers active at the start",
        "definition_en": "Customers who join and leave within the same period are not counted.",
        "definition_es": "Los clientes que llegan y se van dentro del mismo periodo no cuentan.",
        "source": _CHARTMOGUL,
    },
    {
        "name": "lost_per_acquired", "function": "cxkit.churn", "unit": "ratio ≥ 0 (can exceed 1)",
        "title_en": "Churn-to-acquisition ratio", "title_es": "Ratio bajas / altas",
        "formula": "customers lost ÷ customers acquired in the period",
        "definition_en": "What some guides call 'churn'. It is not a rate: it exceeds 1 (100%) whenever you lose "
        "more customers than you win.",
        "definition_es": "Lo que algunas guías llaman 'churn'. No es una tasa: supera 1 (100 %) cuando pierde "
        "más clientes de los que gana.",
        "source": "Blog-post formula; see metric-definitions reference",
    },
    {
        "name": "gross_mrr_churn", "function": "cxkit.churn", "unit": "fraction of MRR at start",
        "title_en": "Gross and net MRR churn", "title_es": "Pérdida bruta y neta de MRR",
        "formula": "gross = (churned + contraction) ÷ MRR at start; net = (churned + contraction − expansion − "
        "reactivation) ÷ MRR at start",
        "definition_en": "Recurring revenue lost in the period; net subtracts what existing customers added.",
        "definition_es": "Ingreso recurrente perdido en el periodo; la neta resta lo que añadieron los clientes.",
        "source": _CHARTMOGUL,
    },
    {
        "name": "cohort_retention", "function": "cxkit.cohort_retention", "unit": "fraction 0..1",
        "title_en": "Cohort retention", "title_es": "Retención por cohortes",
        "formula": "customers of a cohort still active k periods after it started ÷ cohort size",
        "definition_en": "A cohort is the period of a customer's first acquisition.",
        "definition_es": "Una cohorte es el periodo en que el cliente llegó por primera vez.",
        "source": "Stripe: subscriber cohorts and cohort retention",
    },
    {
        "name": "survival", "function": "cxkit.survival", "unit": "fraction 0..1 by months of tenure",
        "title_en": "Retention by tenure (Kaplan–Meier)", "title_es": "Retención por antigüedad (Kaplan–Meier)",
        "formula": "S(t) = Π over tenures t_i ≤ t of (1 − left_i ÷ at risk_i); log-log confidence band",
        "definition_en": "The share of customers still with you t months after joining. Customers who are still "
        "active count until their current tenure and are never counted as lost (censoring).",
        "definition_es": "La parte de clientes que sigue con usted t meses después del alta. Los clientes aún "
        "activos cuentan hasta su antigüedad actual y nunca como perdidos (censura).",
        "source": "Kaplan & Meier (1958); scipy.stats.ecdf with CensoredData",
    },
    {
        "name": "churn_share", "function": "cxkit.churn_share", "unit": "fraction 0..1; currency",
        "title_en": "Share of customers lost and revenue at risk", "title_es": "Clientes perdidos e ingresos en riesgo",
        "formula": "customers who left ÷ customers; revenue at risk = monthly charges of those who left",
        "definition_en": "A snapshot for customer lists with a churn flag and no dates; per month churn needs dates.",
        "definition_es": "Una foto fija para listas de clientes con indicador de baja y sin fechas; la baja por mes "
        "necesita fechas.",
        "source": "Snapshot churn as CRMs and billing tools export it",
    },
    {
        "name": "service_level", "function": "cxkit.call_service", "unit": "fraction 0..1; seconds",
        "title_en": "Call service level, abandonment and handle time",
        "title_es": "Nivel de servicio telefónico, abandono y tiempo de gestión",
        "formula": "answered within Y s ÷ calls, with abandoned calls treated by a chosen rule; abandon rate = "
        "abandoned ÷ (answered + abandoned); AHT = (talk + hold + after-call work) ÷ answered",
        "definition_en": "The share of calls answered within the target. How abandoned calls count changes the "
        "number, so the rule is always stated: left out, counted as missed, short abandons left out, and others.",
        "definition_es": "La parte de llamadas atendidas dentro del objetivo. Cómo cuentan las abandonadas cambia el "
        "número, así que la regla siempre se indica: sin contarlas, como fallos, sin las cortas, y otras.",
        "source": "ICMI, Service Level Calculations; Cisco ICM abandon options; Call Centre Helper (AHT)",
    },
    {
        "name": "backlog", "function": "cxkit.ticket_volume", "unit": "tickets",
        "title_en": "Ticket volume and backlog", "title_es": "Volumen de tickets y pendientes",
        "formula": "created and solved per period; backlog = tickets created and not yet solved at period end",
        "definition_en": "Whether the team keeps up with what comes in.",
        "definition_es": "Si el equipo da abasto con lo que entra.",
        "source": "Standard helpdesk reporting",
    },
    {
        "name": "first_response", "function": "cxkit.first_response", "unit": "minutes; rate 0..1",
        "title_en": "First response time and SLA breaches", "title_es": "Primera respuesta e incumplimientos de SLA",
        "formula": "median / mean / p90 of first response minutes; breach rate = answered later than target ÷ "
        "answered",
        "definition_en": "How long customers wait for a first human answer, and how often it took longer than "
        "your target.",
        "definition_es": "Cuánto esperan los clientes la primera respuesta y cuántas veces se superó el objetivo.",
        "source": "Zendesk SLA reporting: breached ÷ (achieved + breached)",
    },
    {
        "name": "resolution", "function": "cxkit.resolution", "unit": "minutes; rate 0..1",
        "title_en": "Resolution time and reopens", "title_es": "Tiempo de resolución y reaperturas",
        "formula": "median / mean / p90 of resolution minutes; reopen rate = reopened ÷ solved",
        "definition_en": "How long it takes to solve a request, and how often it comes back.",
        "definition_es": "Cuánto se tarda en resolver una petición y cuántas veces vuelve.",
        "source": "Standard helpdesk reporting",
    },
    {
        "name": "aht", "function": "cxkit.handle_time", "unit": "minutes",
        "title_en": "Average handle time", "title_es": "Tiempo medio de gestión",
        "formula": "(talk + hold + after-call work) ÷ interactions handled",
        "definition_en": "Time agents actually spend per contact.",
        "definition_es": "Tiempo que los agentes dedican realmente a cada contacto.",
        "source": "Call Centre Helper; Genesys",
    },
    {
        "name": "fcr", "function": "cxkit.fcr", "unit": "fraction 0..1",
        "title_en": "First-contact resolution", "title_es": "Resolución en el primer contacto",
        "formula": "one touch: solved with one agent reply and no reopen ÷ solved; no repeat: solved with no new "
        "ticket from the customer within N days ÷ solved",
        "definition_en": "How often a customer's problem is solved the first time.",
        "definition_es": "Con qué frecuencia se resuelve el problema a la primera.",
        "source": "ASQ; WFM Labs, citing ICMI and SQM; Freshservice (resolved tickets as denominator)",
    },
    {
        "name": "repeat_contacts", "function": "cxkit.repeat_contacts", "unit": "fraction 0..1",
        "title_en": "Repeat contacts", "title_es": "Contactos repetidos",
        "formula": "tickets from a customer who contacted within the previous N days ÷ tickets",
        "definition_en": "Customers who have to come back; 'same type' shows the same complaint again.",
        "definition_es": "Clientes que tienen que volver; 'mismo tipo' muestra la misma queja otra vez.",
        "source": "Operational repeat-contact measurement (SQM)",
    },
    {
        "name": "channel_mix", "function": "cxkit.channel_mix", "unit": "share 0..1",
        "title_en": "Channel mix", "title_es": "Mezcla de canales",
        "formula": "tickets per channel ÷ all tickets, with each channel's first response, FCR and CSAT",
        "definition_en": "Where customers reach you, and how well each channel serves them.",
        "definition_es": "Por dónde le contactan y qué tal les atiende cada canal.",
        "source": "Standard helpdesk reporting",
    },
    {
        "name": "type_drift", "function": "cxkit.type_drift", "unit": "shares 0..1; points; p-values",
        "title_en": "Ticket-type drift", "title_es": "Cambio en los tipos de ticket",
        "formula": "χ² test of homogeneity (no continuity correction), Cramér's V = √(χ²/N), Jensen–Shannon "
        "distance (base 2), PSI with +0.5 per count; per type: two-proportion z test, Benjamini–Hochberg",
        "definition_en": "Which kinds of requests are new, vanishing, rising or falling, and whether the change is "
        "more than chance.",
        "definition_es": "Qué tipos de petición son nuevos, desaparecen, suben o bajan, y si el cambio es más que "
        "azar.",
        "source": "scipy.stats.chi2_contingency; Evidently drift methods; Siddiqi (PSI)",
    },
    {
        "name": "agent_sales", "function": "cxkit.agent_sales", "unit": "orders; currency",
        "title_en": "Agents' sales", "title_es": "Ventas de los agentes",
        "formula": "upsell, cross-sell and save-the-sale orders and revenue per agent",
        "definition_en": "What the team sells while serving customers.",
        "definition_es": "Lo que vende el equipo mientras atiende.",
        "source": "Orders with an agent and a sale type",
    },
    {
        "name": "discount_codes", "function": "cxkit.discount_codes", "unit": "orders; currency",
        "title_en": "Discount codes", "title_es": "Códigos de descuento",
        "formula": "orders, revenue and discount per code; net revenue = revenue − discount",
        "definition_en": "What each code brings in, and what it costs.",
        "definition_es": "Lo que aporta cada código y lo que cuesta.",
        "source": "Orders with a discount code",
    },
    {
        "name": "attributed_revenue", "function": "cxkit.attributed_revenue", "unit": "currency; rate 0..1",
        "title_en": "Revenue after a contact", "title_es": "Ingresos tras un contacto",
        "formula": "orders placed within N days after the customer's latest contact, per channel or agent",
        "definition_en": "Association, not proof of cause: which channels and agents are followed by sales.",
        "definition_es": "Asociación, no prueba de causa: qué canales y agentes van seguidos de ventas.",
        "source": "Last-touch attribution",
    },
    {
        "name": "erlang_c", "function": "cxkit.erlang_c", "unit": "agents; fraction 0..1; seconds",
        "title_en": "Agents needed (Erlang C)", "title_es": "Agentes necesarios (Erlang C)",
        "formula": "A = calls × handle ÷ interval; C = n·B(n, A) ÷ (n − A(1 − B)), B by the Erlang B recursion; "
        "service level = 1 − C·e^(−(n − A)·t ÷ handle); ASA = C·handle ÷ (n − A); occupancy = A ÷ n",
        "definition_en": "The fewest agents on the phone so that the target share of calls is answered within the "
        "target seconds, per weekday and hour, assuming callers never hang up.",
        "definition_es": "El menor número de agentes al teléfono para atender la parte objetivo de llamadas dentro "
        "de los segundos objetivo, por día de la semana y hora, suponiendo que nadie cuelga.",
        "source": "Erlang (1917); ITU-T E.500 traffic engineering; Call Centre Helper, Erlang C formula",
    },
    {
        "name": "erlang_a", "function": "cxkit.erlang_a", "unit": "agents; fraction 0..1; seconds",
        "title_en": "Agents needed with callers who hang up (Erlang A)",
        "title_es": "Agentes necesarios con llamadas abandonadas (Erlang A)",
        "formula": "M/M/n+M: A(x, y) = 1 + Σ y^j ÷ Π(x + k), x = nμ/θ, y = λ/θ; P(wait) = A·B ÷ (1 + (A − 1)B); "
        "P(abandon) = P(wait)·(1 − (x/y)(A − 1)/A); mean patience = 1 ÷ θ̂, θ̂ = abandoned ÷ Σ waits of abandoned and "
        "answered calls (maximum likelihood: abandoned waits are events, answered waits censored; a missing wait "
        "counts at the mean known wait of its outcome)",
        "definition_en": "Like Erlang C, but callers hang up after an exponential patience estimated from the "
        "abandoned calls; service level counts a hang-up as missed. When the abandoned calls carry no wait the "
        "patience cannot be estimated: the plan uses Erlang C and says why, unless a patience is given.",
        "definition_es": "Como Erlang C, pero quien llama cuelga tras una paciencia exponencial estimada de las "
        "llamadas abandonadas; el nivel de servicio cuenta cada abandono como fallo. Si las llamadas abandonadas "
        "no traen la espera, la paciencia no se puede estimar: el plan usa Erlang C y dice por qué, salvo que se "
        "indique una paciencia.",
        "source": "Palm (1943); Mandelbaum & Zeltyn (2005), The Palm/Erlang-A queue, with applications to call "
        "centers",
    },
    {
        "name": "staffing_cost", "function": "cxkit.staffing_cost", "unit": "hours; FTE; currency a month",
        "title_en": "Monthly staffing cost", "title_es": "Coste mensual de la plantilla",
        "formula": "scheduled hours = Σ agents over the week's hours ÷ (1 − shrinkage); FTE = scheduled hours ÷ "
        "hours per agent a week; cost = FTE × cost of an agent a month",
        "definition_en": "What the staffing plan costs once breaks, training and absence (shrinkage) are added.",
        "definition_es": "Lo que cuesta el plan de plantilla al sumar pausas, formación y ausencias (shrinkage).",
        "source": "ICMI / Call Centre Helper: shrinkage and FTE planning",
    },
    {
        "name": "forecast_contacts", "function": "cxkit.forecast_contacts",
        "unit": "contacts per interval (30 or 60 minutes); 80 % and 95 % intervals",
        "title_en": "Contact forecast (MSTL + ETS)", "title_es": "Previsión de contactos (MSTL + ETS)",
        "formula": "y(t) = trend + weekday×hour seasonal (+ yearly with two years) + remainder by MSTL (STL per "
        "period, seasonal smoother of degree 0); each seasonal part repeats its last cycle; trend + remainder "
        "forecast by ETS (A,N,N) or (A,Ad,N), the lower AIC; interval = ETS mean ± z·σ(h) with z = 1.28 (80 %) "
        "and 1.96 (95 %); public holidays: history replaced by the same interval a week earlier, future holidays "
        "× (contacts on past holidays ÷ contacts a week earlier); fewer than two weeks or 100 contacts: seasonal "
        "naive ŷ = y(t−m), σ(h) = σ·√(k + 1)",
        "definition_en": "How many contacts (tickets, calls or both) to expect in each half hour or hour of the "
        "next weeks, with the range they will fall in 8 times out of 10 and 19 times out of 20. The method used "
        "(model or seasonal naive) is always named.",
        "definition_es": "Cuántos contactos (tickets, llamadas o ambos) esperar en cada media hora u hora de las "
        "próximas semanas, con el rango en el que caerán 8 de cada 10 veces y 19 de cada 20. Siempre se indica el "
        "método usado (modelo o ingenuo estacional).",
        "source": "Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed. (2021), §3.6 (STL), "
        "§12.1 (MSTL), §8 (ETS), §5.5 (prediction intervals); Bandara, Hyndman & Bergmeir (2021), MSTL; "
        "statsmodels; python-holidays package",
    },
    {
        "name": "forecast_accuracy", "function": "cxkit.backtest", "unit": "MASE ≥ 0 (below 1 beats seasonal "
        "naive); fraction 0..1",
        "title_en": "Forecast accuracy (rolling-origin MASE and interval coverage)",
        "title_es": "Precisión de la previsión (MASE con origen móvil y cobertura del intervalo)",
        "formula": "for each of the last k weeks: forecast it from the data before it; MASE = mean |y − ŷ| ÷ "
        "mean |y(t) − y(t−m)| over the data before it (m = one week of intervals); reported MASE = mean over "
        "the weeks; coverage = actual values inside the 80 % (95 %) interval ÷ values held back",
        "definition_en": "How far to trust the forecast, measured on your own data: the last weeks are forecast "
        "as if they were still to come and compared with what happened. A MASE of 0.8 means errors 20 % smaller "
        "than copying the same hour of last week did; an 80 % interval that holds far fewer than 80 % of the "
        "actual values is too narrow.",
        "definition_es": "Cuánto fiarse de la previsión, medido con sus propios datos: las últimas semanas se "
        "prevén como si aún no hubieran llegado y se comparan con lo que pasó. Un MASE de 0,8 significa errores "
        "un 20 % menores que copiar la misma hora de la semana anterior; un intervalo del 80 % que acierta mucho "
        "menos del 80 % de las veces es demasiado estrecho.",
        "source": "Hyndman & Koehler (2006), Another look at measures of forecast accuracy, International Journal "
        "of Forecasting 22(4):679–688; Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., "
        "§5.8 (MASE), §5.10 (time series cross-validation)",
    },
    {
        "name": "staffing_plan", "function": "cxkit.staffing_plan", "unit": "agents per interval; FTE; currency a "
        "month",
        "title_en": "Staffing plan for the forecast (Erlang C)", "title_es": "Plantilla para la previsión (Erlang C)",
        "formula": "per forecast interval: A = contacts × handle ÷ interval; agents = fewest n with 1 − "
        "C(n, A)·e^(−(n − A)·t ÷ handle) ≥ target (Erlang C; Erlang A when the callers' patience is known), at "
        "the likely forecast and at the interval's upper bound; FTE = Σ agents × interval hours a week ÷ (1 − "
        "shrinkage) ÷ hours per agent a week; cost = FTE × cost of an agent a month; gap = FTE − FTE of the "
        "agents seen active per interval in the data",
        "definition_en": "How many people the coming weeks take to answer the target share of contacts in time, "
        "what that costs a month, and how it compares with the team your data shows at work.",
        "definition_es": "Cuántas personas hacen falta en las próximas semanas para atender a tiempo la parte "
        "objetivo de contactos, cuánto cuesta al mes y cómo se compara con el equipo que sus datos muestran "
        "trabajando.",
        "source": "Erlang (1917); Hyndman & Athanasopoulos (forecast); ICMI / Call Centre Helper: shrinkage and FTE "
        "planning",
    },
    {
        "name": "growth_accounting", "function": "cxkit.growth_accounting", "unit": "customers; ratio ≥ 0; currency",
        "title_en": "Growth accounting and quick ratio", "title_es": "Contabilidad del crecimiento y quick ratio",
        "formula": "customers at the end = at the start + new + resurrected − churned; retained = at the start − "
        "churned; quick ratio = (new + resurrected) ÷ churned (null when none churned); MRR quick ratio = (new + "
        "expansion + reactivation) ÷ (churned + contraction)",
        "definition_en": "Where each month's customers come from (new, returning) and how many leave. Above 1 the "
        "customer base grows. From subscriptions (state at the start and end of the month) or from orders (active = "
        "paid an order in the month).",
        "definition_es": "De dónde salen los clientes de cada mes (nuevos, que vuelven) y cuántos se van. Por encima "
        "de 1 la base de clientes crece. Desde suscripciones (estado al inicio y al final del mes) o desde pedidos "
        "(activo = pagó un pedido en el mes).",
        "source": "Jonathan Hsu (Social Capital), Diligence at Social Capital: growth accounting; Mamoon Hamid, "
        "the SaaS quick ratio; ChartMogul MRR movements",
    },
    {
        "name": "order_summary", "function": "cxkit.order_summary", "unit": "orders; currency; fraction 0..1",
        "title_en": "Revenue, average order value and repeat purchases",
        "title_es": "Ingresos, ticket medio y repetición de compra",
        "formula": "revenue = Σ amount of paid orders; AOV = revenue ÷ orders; repeat-purchase rate = customers "
        "with 2+ orders in the period ÷ customers who ordered in it; cancelled orders left out",
        "definition_en": "How much customers buy, how big each order is, and how many buy again within the period.",
        "definition_es": "Cuánto compran los clientes, de qué importe es cada pedido y cuántos repiten en el periodo.",
        "source": "Shopify help: average order value, repeat customer rate",
    },
    {
        "name": "churn_by_experience", "function": "cxkit.churn_by_experience",
        "unit": "customers; fraction 0..1; months; p-value; currency",
        "title_en": "Why customers leave: churn by support experience",
        "title_es": "Por qué se van los clientes: bajas según la experiencia de soporte",
        "formula": "per experience: churned ÷ customers; Kaplan–Meier retention and median lifetime; log-rank z = "
        "Σ(O − E) ÷ √ΣV against the comparison group; revenue at risk = MRR of the group's active customers; "
        "first-reply landmark: time zero at each customer's first reply; churn within N days (Kaplan–Meier) of "
        "customers whose first reply was late vs of those whose first reply was on time, each customer in one "
        "group; log-rank test between the two",
        "definition_en": "Whether customers who waited past the target, gave a low last score, had to come back, "
        "were left unresolved or never contacted you leave faster. The naive split is biased (long-lived "
        "customers open more tickets, so waiting looks protective); the landmark comparison starts the clock at "
        "each customer's first reply and is the fair one. The group is fixed at that reply (late or on time), so "
        "nobody is counted in both groups and the test's p-value is honest; a later late reply is part of what "
        "follows, not a change of group.",
        "definition_es": "Si los clientes que esperaron más del objetivo, dieron una última nota baja, tuvieron que "
        "volver, se quedaron sin resolver o nunca le contactaron se van antes. La división simple está sesgada "
        "(los clientes antiguos abren más tickets, así que esperar parece proteger); la comparación por hito "
        "(landmark) pone el reloj a cero en la primera respuesta de cada cliente y es la justa. El grupo queda "
        "fijado en esa respuesta (tardía o a tiempo), así que nadie cuenta en los dos grupos y el p-valor de la "
        "prueba es honesto; una respuesta tardía posterior forma parte de lo que sigue, no cambia el grupo.",
        "source": "Kaplan & Meier (1958); Mantel (1966) log-rank test, scipy.stats.logrank; Anderson, Cain & "
        "Gelber (1983), landmark analysis",
    },
    {
        "name": "business_minutes", "function": "cxkit.with_business_minutes", "unit": "minutes",
        "title_en": "First response and resolution in business hours",
        "title_es": "Primera respuesta y resolución en horario laboral",
        "formula": "minutes between two moments that fall inside opening hours on working days, public holidays "
        "(country and region) excluded, opening hours in the schedule's time zone (daylight-saving changes count "
        "real time); SLA breach = first reply after more business minutes than the target",
        "definition_en": "A ticket sent on Friday evening and answered on Monday morning waited minutes, not "
        "days, of working time. This is how helpdesks count SLAs when they only promise office hours.",
        "definition_es": "Un ticket enviado el viernes por la tarde y contestado el lunes por la mañana esperó "
        "minutos, no días, de horario laboral. Así cuentan los SLA las herramientas cuando solo se promete "
        "atención en horario de oficina.",
        "source": "Zendesk: business hours in SLA and ticket metrics (first reply time, full resolution time in "
        "business hours); python-holidays package",
    },
    {
        "name": "term_contrast", "function": "cxkit.term_contrast", "unit": "z-score; counts",
        "title_en": "What people talk about: distinguishing words",
        "title_es": "De qué habla la gente: palabras que distinguen",
        "formula": "δ_w = log((y_w + α_w) ÷ (n + α₀ − y_w − α_w)) − log((y'_w + α_w) ÷ (n' + α₀ − y'_w − α_w)); "
        "z = δ_w ÷ √(1/(y_w + α_w) + 1/(y'_w + α_w)); prior α_w = pooled count of the word",
        "definition_en": "The words and two-word phrases that set one group of comments apart from another "
        "(detractors vs promoters, unhappy vs happy, a ticket type vs the rest, this period vs the last), with two "
        "example quotes each. Spanish, English and Portuguese stop words are left out and accents folded.",
        "definition_es": "Las palabras y expresiones de dos palabras que distinguen un grupo de comentarios de otro "
        "(detractores frente a promotores, insatisfechos frente a satisfechos, un tipo de ticket frente al resto, "
        "este periodo frente al anterior), con dos citas de ejemplo. Se quitan las palabras vacías en español, "
        "inglés y portugués y se ignoran los acentos.",
        "source": "Monroe, Colaresi & Quinn (2008), Fightin' Words, Political Analysis 16(4):372–403; stop-words "
        "package",
    },
    {
        "name": "service_roi", "function": "cxkit.roi.monthly_service_roi", "unit": "€ a month; ROI fraction",
        "title_en": "Monthly service ROI (what service brings in and keeps)",
        "title_es": "ROI mensual del servicio (lo que el servicio aporta y retiene)",
        "formula": "value = save-the-sale net (amount − discount) + agent-assisted sales + retention value; "
        "retention value = saved customers × revenue per customer a month × margin × Σ S(k), k = 1..24; "
        "ROI = (value − team cost) ÷ team cost; narrow ROI = (immediate revenue − cost) ÷ cost",
        "definition_en": "Saved customers are those who took a save-the-sale code in the month; S(k) is the "
        "Kaplan–Meier share of customers still active k months after joining. The narrow ROI counts immediate "
        "revenue only. Association, not cause: some saved customers might have stayed anyway.",
        "definition_es": "Clientes salvados: los que aceptaron un código para salvar la venta ese mes; S(k) es la "
        "proporción Kaplan–Meier de clientes aún activos k meses después del alta. El ROI estrecho solo cuenta "
        "ingresos inmediatos. Asociación, no causa: algunos clientes salvados quizá se habrían quedado igualmente.",
        "source": "cxkit; customer-service ROI guides (save-the-sale, assisted sales, retention value)",
    },
    {
        "name": "churn_reasons", "function": "cxkit.churn_reasons", "unit": "customers; fraction 0..1 of churned",
        "title_en": "Why customers left: reasons among the churned",
        "title_es": "Por qué se fueron: motivos entre las bajas",
        "formula": "per reason: churned customers with it; share = churned with it ÷ all churned",
        "definition_en": "For columns only departing customers fill (a cancellation reason). Not a churn rate: "
        "customers who stayed have no reason, so a 'churn rate by reason' would be 100 % and 0 %. Flagged thin "
        "below 30 churned customers.",
        "definition_es": "Para columnas que solo tienen los clientes que se van (un motivo de baja). No es una tasa "
        "de bajas: quien se queda no tiene motivo, así que una 'tasa de bajas por motivo' daría 100 % y 0 %. Se "
        "marca como poco fiable con menos de 30 bajas.",
        "source": "cxkit; Stripe cancellation_details.reason",
    },
]


# Spanish formula, unit and source of every entry, beside the English ones above (names of works and of
# software stay as published; the words around them are Spanish).
_ROCKS_ES = "Rocks (2016), *The American Statistician* 70(4):365–372; paquete de R NPS"
_CHARTMOGUL_ES = "Ayuda de ChartMogul: tasa de bajas de clientes (fórmula estándar), pérdida de MRR"
_SPANISH: dict[str, tuple[str, str, str]] = {
    "nps": ("100 × (promotores − detractores) ÷ respuestas; promotores 9–10, pasivos 7–8, detractores 0–6",
            "puntos, −100..100", _ROCKS_ES),
    "compare_nps": ("d = NPS₂ − NPS₁; EE = √(V₁/n₁ + V₂/n₂), V = p_P + p_D − (p_P − p_D)², con p_P la proporción de "
                    "promotores y p_D la de detractores; p = 2·Φ(−|d/EE|); Wald ajustado por defecto (como el "
                    "NPS): proporciones, d y EE con 0,75 detractores, 1,5 pasivos y 0,75 promotores sumados a cada "
                    "periodo; el cambio mostrado es el simple",
                    "puntos; p-valor 0..1", _ROCKS_ES + "; MeasuringU, prueba de significación del NPS"),
    "definitions": ("satisfecho = valoración máxima: «Good», o 4–5 de 5, 6–7 de 7, 9–10 de 10 (escala según la "
                    "valoración más alta); descontento = valorado y no satisfecho («Bad», o 1–3 de 5); promotor "
                    "9–10, pasivo 7–8, detractor 0–6 de la nota 0–10, o el grupo exportado si no hay nota; NaN = sin "
                    "respuesta", "etiquetas por respuesta",
                    "CSAT por valoración máxima (Zendesk: buenas ÷ (buenas + malas); Delighted: cuatros y cincos); "
                    "Reichheld (2003), grupos del NPS"),
    "csat": ("satisfechos ÷ valorados; satisfecho = «Good» o 4–5 de 5; intervalo de Wilson",
             "fracción 0..1 (mostrada como %)",
             "Zendesk: puntuación de satisfacción = buenas ÷ (buenas + malas); Delighted: CSAT = cuatros y cincos ÷ "
             "respuestas"),
    "nev": ("100 × (positivas − negativas) ÷ (positivas + neutras + negativas)", "puntos, −100..100",
            "Shaw, *The DNA of Customer Experience* (2007), según lo resumen fuentes secundarias"),
    "churn_rate": ("clientes activos al inicio que se fueron durante el periodo ÷ clientes activos al inicio",
                   "fracción 0..1 por periodo", _CHARTMOGUL_ES),
    "lost_per_acquired": ("clientes perdidos ÷ clientes captados en el periodo", "razón ≥ 0 (puede superar 1)",
                          "Fórmula de blogs; véase la referencia de definiciones de métricas"),
    "gross_mrr_churn": ("bruta = (bajas + reducciones) ÷ MRR inicial; neta = (bajas + reducciones − ampliaciones − "
                        "reactivaciones) ÷ MRR inicial", "fracción del MRR inicial", _CHARTMOGUL_ES),
    "cohort_retention": ("clientes de una cohorte aún activos k periodos después de su inicio ÷ tamaño de la cohorte",
                         "fracción 0..1", "Stripe: cohortes de suscriptores y retención por cohortes"),
    "survival": ("S(t) = producto, para las antigüedades tᵢ ≤ t, de (1 − bajasᵢ ÷ en riesgoᵢ); banda de confianza "
                 "log-log", "fracción 0..1 por meses de antigüedad",
                 "Kaplan y Meier (1958); scipy.stats.ecdf con CensoredData"),
    "churn_reasons": ("por motivo: clientes que se fueron con ese motivo; proporción = bajas con ese motivo ÷ "
                      "todas las bajas", "clientes; fracción 0..1 de las bajas",
                      "cxkit; el motivo de cancelación que exporta Stripe"),
    "churn_share": ("clientes que se fueron ÷ clientes; ingresos en riesgo = cuotas mensuales de quienes se fueron",
                    "fracción 0..1; moneda", "Bajas en una foto fija, tal como las exportan los CRM y las herramientas "
                    "de facturación"),
    "service_level": ("atendidas en Y s ÷ llamadas, con las abandonadas según la regla elegida; tasa de abandono = "
                      "abandonadas ÷ (atendidas + abandonadas); TMG = (conversación + espera + trabajo tras la "
                      "llamada) ÷ atendidas", "fracción 0..1; segundos",
                      "ICMI, cálculos del nivel de servicio; opciones de abandono de Cisco ICM; Call Centre Helper "
                      "(TMG)"),
    "backlog": ("creados y resueltos por periodo; pendientes = tickets creados y aún sin resolver al final del periodo",
                "tickets", "Informes habituales de un servicio de soporte"),
    "first_response": ("mediana / media / p90 de los minutos hasta la primera respuesta; tasa de incumplimiento = "
                       "respondidos después del objetivo ÷ respondidos", "minutos; tasa 0..1",
                       "Informes de SLA de Zendesk: incumplidos ÷ (cumplidos + incumplidos)"),
    "resolution": ("mediana / media / p90 de los minutos hasta la resolución; tasa de reapertura = reabiertos ÷ "
                   "resueltos", "minutos; tasa 0..1", "Informes habituales de un servicio de soporte"),
    "aht": ("(conversación + espera + trabajo tras la llamada) ÷ interacciones atendidas", "minutos",
            "Call Centre Helper; Genesys"),
    "fcr": ("un solo toque: resueltos con una respuesta del agente y sin reapertura ÷ resueltos; sin repetición: "
            "resueltos sin un ticket nuevo del cliente en N días ÷ resueltos", "fracción 0..1",
            "ASQ; WFM Labs, que cita a ICMI y SQM; Freshservice (tickets resueltos como denominador)"),
    "repeat_contacts": ("tickets de un cliente que ya contactó en los N días anteriores ÷ tickets", "fracción 0..1",
                        "Medición operativa de contactos repetidos (SQM)"),
    "channel_mix": ("tickets por canal ÷ todos los tickets, con la primera respuesta, la resolución al primer "
                    "contacto y el CSAT de cada canal", "proporción 0..1",
                    "Informes habituales de un servicio de soporte"),
    "type_drift": ("prueba χ² de homogeneidad (sin corrección de continuidad), V de Cramér = √(χ²/N), distancia de "
                   "Jensen–Shannon (base 2), PSI con +0,5 por recuento; por tipo: prueba z de dos proporciones, "
                   "Benjamini–Hochberg", "proporciones 0..1; puntos; p-valores",
                   "`scipy.stats.chi2_contingency`; métodos de deriva de Evidently; Siddiqi (PSI)"),
    "agent_sales": ("pedidos e ingresos de venta adicional, venta cruzada y retención (salvar la venta) por agente",
                    "pedidos; moneda", "Pedidos con un agente y un tipo de venta"),
    "discount_codes": ("pedidos, ingresos y descuento por código; ingresos netos = ingresos − descuento",
                       "pedidos; moneda", "Pedidos con un código de descuento"),
    "attributed_revenue": ("pedidos hechos en los N días siguientes al último contacto del cliente, por canal o "
                           "agente", "moneda; tasa 0..1", "Atribución al último contacto"),
    "erlang_c": ("A = llamadas × duración ÷ intervalo; C = n·B(n, A) ÷ (n − A(1 − B)), con B por la recurrencia de "
                 "Erlang B; nivel de servicio = 1 − C·e^(−(n − A)·t ÷ duración); tiempo medio de espera = "
                 "C·duración ÷ (n − A); ocupación = A ÷ n", "agentes; fracción 0..1; segundos",
                 "Erlang (1917); ingeniería de tráfico UIT-T E.500; Call Centre Helper, fórmula de Erlang C"),
    "erlang_a": ("M/M/n+M: A(x, y) = 1 + Σ y^j ÷ Π(x + k), x = nμ/θ, y = λ/θ; P(esperar) = A·B ÷ (1 + (A − 1)B); "
                 "P(abandonar) = P(esperar)·(1 − (x/y)(A − 1)/A); paciencia media = 1 ÷ θ̂, θ̂ = abandonadas ÷ Σ esperas "
                 "de abandonadas y atendidas (máxima verosimilitud: la espera de una abandonada es un evento, la de "
                 "una atendida está censurada; una espera que falta cuenta como la media conocida de su "
                 "resultado)", "agentes; fracción 0..1; segundos",
                 "Palm (1943); Mandelbaum y Zeltyn (2005), *The Palm/Erlang-A queue, with applications to call "
                 "centers*"),
    "staffing_cost": ("horas programadas = Σ agentes en las horas de la semana ÷ (1 − reducción por ausencias); "
                      "jornadas completas = horas programadas ÷ horas por agente a la semana; coste = jornadas "
                      "completas × coste de un agente al mes", "horas; jornadas completas; moneda al mes",
                      "ICMI / Call Centre Helper: reducción por ausencias (shrinkage) y plantilla en jornadas "
                      "completas"),
    "forecast_contacts": ("y(t) = tendencia + estacionalidad día de la semana×hora (+ anual con dos años) + resto "
                          "por MSTL (un STL por periodo, suavizado estacional de grado 0); cada parte estacional "
                          "repite su último ciclo; tendencia + resto previstos con ETS (A,N,N) o (A,Ad,N), el de "
                          "menor AIC; intervalo = media ETS ± z·σ(h) con z = 1,28 (80 %) y 1,96 (95 %); festivos: en "
                          "el histórico se sustituyen por el mismo intervalo una semana antes, los futuros se "
                          "multiplican por (contactos en festivos pasados ÷ contactos una semana antes); con menos "
                          "de dos semanas o 100 contactos: ingenuo estacional ŷ = y(t−m), σ(h) = σ·√(k + 1)",
                          "contactos por intervalo (30 o 60 minutos); intervalos del 80 % y del 95 %",
                          "Hyndman y Athanasopoulos, *Forecasting: Principles and Practice*, 3.ª ed. (2021), "
                          "capítulos de STL, MSTL, ETS e intervalos de predicción; Bandara, Hyndman y Bergmeir "
                          "(2021), MSTL; statsmodels; paquete python-holidays"),
    "forecast_accuracy": ("para cada una de las últimas k semanas: se prevé con los datos anteriores; MASE = media "
                          "|y − ŷ| ÷ media |y(t) − y(t−m)| de los datos anteriores (m = una semana de intervalos); "
                          "MASE indicado = media de las semanas; cobertura = valores reales dentro del intervalo del "
                          "80 % (95 %) ÷ valores apartados",
                          "MASE ≥ 0 (por debajo de 1 mejora el ingenuo estacional); fracción 0..1",
                          "Hyndman y Koehler (2006), *Another look at measures of forecast accuracy*, "
                          "*International Journal of Forecasting* 22(4):679–688; Hyndman y Athanasopoulos, "
                          "*Forecasting: Principles and Practice*, 3.ª ed., secciones de MASE y de validación "
                          "cruzada de series temporales"),
    "staffing_plan": ("por intervalo previsto: A = contactos × duración ÷ intervalo; agentes = menor n con 1 − "
                      "C(n, A)·e^(−(n − A)·t ÷ duración) ≥ objetivo (Erlang C; Erlang A si se conoce la paciencia "
                      "de quien llama), con la previsión probable y con el extremo superior del intervalo; jornadas "
                      "completas = Σ agentes × horas del intervalo a la semana ÷ (1 − reducción por ausencias) ÷ "
                      "horas por agente a la semana; coste = jornadas completas × coste de un agente al mes; hueco "
                      "= jornadas completas − las de los agentes vistos activos por intervalo en los datos",
                      "agentes por intervalo; jornadas completas; moneda al mes",
                      "Erlang (1917); Hyndman y Athanasopoulos (previsión); ICMI / Call Centre Helper: reducción "
                      "por ausencias (shrinkage) y plantilla en jornadas completas"),
    "growth_accounting": ("clientes al final = al inicio + nuevos + recuperados − perdidos; retenidos = al inicio − "
                          "perdidos; quick ratio = (nuevos + recuperados) ÷ perdidos (vacío si no se perdió "
                          "ninguno); quick ratio del MRR = (nuevos + ampliaciones + reactivaciones) ÷ (bajas + "
                          "reducciones)", "clientes; razón ≥ 0; moneda",
                          "Jonathan Hsu (Social Capital), *Diligence at Social Capital*: contabilidad del crecimiento; "
                          "Mamoon Hamid, el quick ratio de SaaS; movimientos de MRR de ChartMogul"),
    "order_summary": ("ingresos = Σ importe de los pedidos pagados; ticket medio = ingresos ÷ pedidos; tasa de "
                      "repetición = clientes con 2 o más pedidos en el periodo ÷ clientes que pidieron en él; sin "
                      "pedidos cancelados", "pedidos; moneda; fracción 0..1",
                      "Ayuda de Shopify: valor medio del pedido, tasa de clientes que repiten"),
    "churn_by_experience": ("por experiencia: bajas ÷ clientes; retención de Kaplan–Meier y vida mediana; z de "
                            "log-rank = Σ(O − E) ÷ √ΣV frente al grupo de comparación; ingresos en riesgo = MRR de "
                            "los clientes activos del grupo; hito en la primera respuesta: reloj a cero en la "
                            "primera respuesta de cada cliente; bajas en N días (Kaplan–Meier) de quienes tuvieron una "
                            "primera respuesta tardía frente a quienes la tuvieron a tiempo, cada cliente en un solo "
                            "grupo; prueba log-rank entre ambos", "clientes; fracción 0..1; meses; p-valor; moneda",
                            "Kaplan y Meier (1958); Mantel (1966), prueba log-rank, scipy.stats.logrank; Anderson, "
                            "Cain y Gelber (1983), análisis por hito (landmark)"),
    "business_minutes": ("minutos entre dos momentos que caen en horario de apertura en días laborables, sin "
                         "festivos (del país y la región), con el horario en la zona horaria del calendario (los "
                         "cambios de hora cuentan el tiempo real); incumplimiento del SLA = primera respuesta tras "
                         "más minutos laborables que el objetivo", "minutos",
                         "Zendesk: horario laboral en los SLA y las métricas de tickets (tiempo de primera respuesta "
                         "y de resolución completa en horario laboral); paquete python-holidays"),
    "term_contrast": ("δ(w) = log((y(w) + α(w)) ÷ (n + α₀ − y(w) − α(w))) − log((y'(w) + α(w)) ÷ (n' + α₀ − y'(w) − "
                      "α(w))); z = δ(w) ÷ √(1/(y(w) + α(w)) + 1/(y'(w) + α(w))), con y(w) las veces que sale la "
                      "palabra w en un grupo e y'(w) en el otro; a priori α(w) = recuento conjunto de la palabra",
                      "puntuación z; recuentos",
                      "Monroe, Colaresi y Quinn (2008), *Fightin' Words*, *Political Analysis* 16(4):372–403; "
                      "paquete stop-words"),
    "service_roi": ("valor = salvar la venta neto (importe − descuento) + ventas asistidas por agentes + valor de "
                    "retención; valor de retención = clientes salvados × ingreso por cliente al mes × margen × Σ S(k), "
                    "k = 1..24; ROI = (valor − coste del equipo) ÷ coste del equipo; ROI estrecho = (ingresos "
                    "inmediatos − coste) ÷ coste", "€ al mes; ROI como fracción",
                    "cxkit; guías de ROI de la atención al cliente (salvar la venta, ventas asistidas, valor de "
                    "retención)"),
}
for _entry in _ENTRIES:
    _entry["formula_es"], _entry["unit_es"], _entry["source_es"] = _SPANISH[_entry["name"]]
    # an entry not in the Portuguese table yet reads in English there (tests/test_catalog.py fails on it)
    _english = (_entry["title_en"], _entry["definition_en"], _entry["formula"], _entry["unit"], _entry["source"])
    (_entry["title_pt"], _entry["definition_pt"], _entry["formula_pt"], _entry["unit_pt"],
     _entry["source_pt"]) = PORTUGUESE.get(_entry["name"], _english)

def metric_catalog() -> pl.DataFrame:
    """Name, titles, unit, formula, definitions and source of every metric, in English (``unit``, ``formula``,
    ``source``, ``title_en``, ``definition_en``), in Spanish (the same with ``_es``) and in Brazilian Portuguese
    (with ``_pt``)."""
    return pl.DataFrame(_ENTRIES).select(
        "name", "function", "title_en", "title_es", "title_pt", "unit", "unit_es", "unit_pt", "formula",
        "formula_es", "formula_pt", "definition_en", "definition_es", "definition_pt", "source", "source_es",
        "source_pt"
    )
