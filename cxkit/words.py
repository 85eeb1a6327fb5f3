"""Header words in English, Spanish and Portuguese that point to a canonical column or to a kind of data.

Headers are matched as words, not as whole texts: ``'case_status'``, ``'Ticket Status'`` and ``'Estado do
chamado'`` all hold a status word. A rule is a few words that must all be in the header (``*`` ends a word
prefix: ``recomend*`` matches recomendar, recomendaría, recomendação folded), with a weight 0..1 for how
strongly it names the column. Exact whole-header synonyms in ``cxkit.schema`` weigh 1.0; these rules weigh
less, and the values must agree (``cxkit.detect``).
"""

from __future__ import annotations

from cxkit.schema import Kind

__all__ = ["AVOID", "COLUMN_WORDS", "DATE_WORDS", "KIND_WORDS", "match_rule", "rule_weight"]

Rule = tuple[str, float]

DATE_WORDS = ("date", "fecha", "data", "dt", "time", "timestamp", "hora", "when", "dia", "day", "datetime",
              "stamp", "momento", "horario", "at", "on")

_CREATED = ("creat*", "open*", "apertura", "abert*", "receiv*", "recib*", "receb*", "submit*", "logged", "report*",
            "registr*", "entrada", "criad*", "criacao", "creacion", "inicio", "start*", "raised")
_SOLVED = ("solv*", "resolv*", "resuelt*", "resolu*", "clos*", "cerrad*", "cierre", "fechad*", "fechament*",
           "encerr*", "complet*", "finish*", "finaliz*", "conclu*", "done")

COLUMN_WORDS: dict[Kind, dict[str, list[Rule]]] = {
    "tickets": {
        "ticket_id": [("ticket id", 0.95), ("case id", 0.95), ("case *id", 0.9), ("ticket #", 0.95), ("ticket", 0.6),
                      ("case", 0.5), ("chamado", 0.6), ("incident*", 0.5), ("protocol*", 0.6), ("request id", 0.8),
                      ("id", 0.55), ("#", 0.5), ("number", 0.5), ("numero", 0.5), ("key", 0.4), ("ref*", 0.4),
                      ("enquiry id", 0.8), ("complaint id", 0.8), ("service request", 0.6)],
        "created_at": [*((f"{w}", 0.85) for w in _CREATED), ("date", 0.5), ("fecha", 0.5), ("data", 0.5),
                       ("dt", 0.45), ("timestamp", 0.5), ("time", 0.35)],
        "solved_at": [*((w, 0.85) for w in _SOLVED)],
        "updated_at": [("updat*", 0.8), ("actualiz*", 0.8), ("atualiz*", 0.8), ("modif*", 0.7), ("chang*", 0.6)],
        "first_response_at": [("first respon*", 0.9), ("first repl*", 0.9), ("primera respuesta", 0.9),
                              ("primeira resposta", 0.9), ("respon* at", 0.6), ("repl* at", 0.6),
                              ("respon* time", 0.7), ("repl* time", 0.7)],
        "status": [("status", 0.9), ("estado", 0.85), ("state", 0.7), ("situac*", 0.8), ("stage", 0.5),
                   ("etapa", 0.5)],
        "channel": [("channel", 0.9), ("canal", 0.9), ("source", 0.8), ("origen", 0.8), ("origem", 0.8),
                    ("via", 0.8), ("medium", 0.6), ("medio", 0.5), ("meio", 0.5), ("contact type", 0.8),
                    ("inbox", 0.7), ("submitted via", 0.8), ("open*type", 0.6)],
        "ticket_type": [("type", 0.8), ("tipo", 0.8), ("categor*", 0.85), ("reason", 0.7), ("motivo", 0.8),
                        ("topic*", 0.8), ("tema", 0.8), ("assunto", 0.6), ("asunto", 0.6),
                        ("issue", 0.6), ("classif*", 0.7), ("problem*", 0.5), ("complaint", 0.5), ("tag*", 0.4)],
        "agent": [("agent*", 0.85), ("assign*", 0.85), ("asignad*", 0.85), ("atribu*", 0.7), ("responsav*", 0.7),
                  ("responsable", 0.7), ("owner", 0.8), ("proprietari*", 0.8), ("propietari*", 0.8),
                  ("technician", 0.7), ("tecnico", 0.7), ("analyst", 0.6),
                  ("analista", 0.6), ("operator", 0.6), ("atendente", 0.8), ("teammate", 0.7), ("handled by", 0.8),
                  ("resolved by", 0.6), ("staff", 0.6)],
        "customer_id": [("email", 0.85), ("e mail", 0.85), ("correo", 0.85), ("requester", 0.8), ("solicitante",
                        0.8), ("customer id", 0.9), ("client* id", 0.85), ("customer", 0.6), ("cliente", 0.6),
                        ("contact id", 0.8), ("contat*", 0.6), ("contact*", 0.6), ("user id", 0.7), ("caller", 0.6),
                        ("account", 0.5)],
        "first_response_minutes": [("first respon*", 0.85), ("first repl*", 0.85), ("primera respuesta", 0.85),
                                   ("primeira resposta", 0.85), ("frt", 0.8), ("respon* time", 0.7)],
        "resolution_minutes": [("resolu* time", 0.85), ("time to resol*", 0.85), ("time to clos*", 0.8),
                               ("tiempo resolu*", 0.85), ("tempo resolu*", 0.85), ("resolu*", 0.5)],
        "handle_minutes": [("handl*", 0.8), ("aht", 0.8), ("time tracked", 0.8), ("tiempo registrado", 0.8),
                           ("tempo atendimento", 0.8)],
        "agent_replies": [("agent repl*", 0.8), ("agent interact*", 0.8), ("replies", 0.6), ("respuestas", 0.5)],
        "customer_messages": [("customer messag*", 0.8), ("customer interact*", 0.8), ("mensajes cliente", 0.8)],
        "reopens": [("reopen*", 0.85), ("reapert*", 0.85), ("reabert*", 0.85)],
        "csat_score": [("satisf*", 0.85), ("csat", 0.9), ("rating", 0.8), ("calific*", 0.8), ("avalia*", 0.8),
                       ("valorac*", 0.8), ("stars", 0.7), ("estrel*", 0.7), ("nota", 0.6), ("score", 0.5)],
        "sla_breached": [("sla", 0.8), ("ontime", 0.7), ("on time", 0.7), ("overdue", 0.7), ("breach*", 0.8),
                         ("vencid*", 0.6), ("atrasad*", 0.6)],
    },
    "responses": {
        "response_id": [("response id", 0.95), ("respondent id", 0.95), ("review id", 0.9), ("submission id", 0.9),
                        ("id", 0.6), ("#", 0.6), ("token", 0.5)],
        "submitted_at": [("timestamp", 0.9), ("marca temporal", 0.9), ("carimbo", 0.9), ("submit*", 0.9),
                         ("complet*", 0.8), ("finaliz*", 0.85), ("conclu*", 0.85), ("recorded", 0.8),
                         ("answered", 0.7), ("respondid*", 0.7),
                         ("enviad*", 0.7), ("date", 0.6), ("fecha", 0.6), ("data", 0.6), ("at", 0.55),
                         ("time", 0.5), ("creat*", 0.8), ("end*", 0.5), ("start*", 0.45), ("inicio", 0.45),
                         ("hora", 0.5),
                         ("dt", 0.5)],
        "nps_score": [("recomend*", 0.95), ("recommend*", 0.95), ("recomiend*", 0.95), ("indicar*", 0.8),
                      ("nps", 0.95), ("likel*", 0.8), ("probab*", 0.7)],
        "nps_group": [("nps group", 0.9), ("nps categ*", 0.9), ("grupo nps", 0.9)],
        "csat_score": [("satisf*", 0.85), ("csat", 0.9), ("rating", 0.8), ("rate", 0.6), ("calific*", 0.8),
                       ("avalia*", 0.8), ("valorac*", 0.8), ("stars", 0.8), ("estrel*", 0.8), ("nota", 0.7),
                       ("score", 0.75), ("puntuac*", 0.75), ("pontua*", 0.75), ("review score", 0.9)],
        "comment": [("comment*", 0.9), ("comentar*", 0.9), ("feedback", 0.85), ("content", 0.7), ("review", 0.6),
                    ("text*", 0.6), ("opinion", 0.7), ("opiniao", 0.7), ("why", 0.8), ("por que", 0.8),
                    ("porque", 0.8), ("message", 0.6), ("mensaje", 0.6), ("mensagem", 0.6), ("body", 0.5),
                    ("remark*", 0.7), ("observac*", 0.7), ("suggest*", 0.6), ("sugerenc*", 0.6)],
        "customer_id": [("email", 0.85), ("e mail", 0.85), ("correo", 0.85), ("customer id", 0.9),
                        ("client* id", 0.85), ("user id", 0.7), ("customer", 0.5), ("cliente", 0.5),
                        ("respondent", 0.5)],
        "emotion": [("emotion", 0.9), ("emocion", 0.9), ("emocao", 0.9), ("sentiment*", 0.9), ("mood", 0.8),
                    ("feeling", 0.8)],
    },
    "customers": {
        "customer_id": [("customer id", 0.95), ("client* id", 0.9), ("id cliente", 0.9), ("subscriber id", 0.9),
                        ("account id", 0.85), ("user id", 0.8), ("subscription id", 0.7), ("member id", 0.8),
                        ("id", 0.6), ("email", 0.8), ("e mail", 0.8), ("customer", 0.5), ("cliente", 0.5)],
        "acquired_at": [("start*", 0.85), ("signup*", 0.85), ("sign up", 0.85), ("joined", 0.85), ("join date",
                        0.85), ("since", 0.8), ("desde", 0.8), ("alta", 0.8), ("inicio", 0.85), ("registr*", 0.7),
                        ("activat*", 0.8), ("ativac*", 0.8), ("adesao", 0.8), ("acquired", 0.9), ("creat*", 0.6),
                        ("began", 0.8), ("subscribed", 0.8)],
        "churned_at": [("end*", 0.8), ("cancel*", 0.85), ("churn* date", 0.95), ("churn* at", 0.95), ("baja", 0.8),
                       ("fin", 0.7), ("termin*", 0.8), ("stop*", 0.7), ("expir*", 0.6), ("left", 0.6),
                       ("encerr*", 0.7), ("cancelament*", 0.85)],
        "mrr": [("mrr", 0.95), ("monthly", 0.7), ("mensual", 0.7), ("mensal*", 0.7), ("amount", 0.5),
                ("price", 0.5), ("precio", 0.5), ("preco", 0.5), ("valor", 0.4), ("cuota", 0.6), ("fee", 0.5)],
        "plan": [("plan", 0.85), ("plano", 0.85), ("tarifa", 0.8), ("tier", 0.7), ("product", 0.6),
                 ("producto", 0.6), ("produto", 0.6), ("contract", 0.6), ("contrato", 0.6), ("package", 0.6)],
        "churned": [("churn*", 0.9), ("exited", 0.9), ("attrition", 0.9), ("cancel*", 0.6), ("left", 0.6),
                    ("status", 0.5), ("estado", 0.5), ("active", 0.3)],
        "tenure_months": [("tenure", 0.9), ("antiguedad", 0.9), ("antiguidade", 0.9), ("months", 0.6),
                          ("meses", 0.6), ("years as", 0.6)],
    },
    "orders": {
        "order_id": [("order id", 0.95), ("order*", 0.75), ("invoice*", 0.85), ("factura", 0.85), ("fatura", 0.85),
                     ("pedido", 0.85), ("receipt", 0.7), ("transaction*", 0.7), ("nota fiscal", 0.8), ("id", 0.5)],
        "customer_id": [("customer id", 0.95), ("client* id", 0.9), ("email", 0.85), ("e mail", 0.85),
                        ("customer", 0.6), ("cliente", 0.6), ("buyer", 0.6), ("comprador", 0.6), ("user id", 0.7)],
        "ordered_at": [("order* date", 0.95), ("invoice* date", 0.95), ("purchase*", 0.85), ("compra", 0.8),
                       ("paid", 0.7), ("processed", 0.6), ("creat*", 0.6), ("date", 0.6), ("fecha", 0.6),
                       ("data", 0.6), ("timestamp", 0.6), ("dt", 0.5)],
        "amount": [("amount", 0.9), ("total", 0.85), ("importe", 0.85), ("revenue", 0.8), ("ingres*", 0.7),
                   ("sales", 0.6), ("ventas", 0.6), ("vendas", 0.6), ("valor", 0.6), ("subtotal", 0.6)],
        "quantity": [("quantit*", 0.95), ("qty", 0.95), ("cantidad", 0.95), ("quantidade", 0.95), ("units", 0.6),
                     ("unidades", 0.6)],
        "unit_price": [("unit* price", 0.95), ("price", 0.8), ("precio", 0.8), ("preco", 0.8), ("unit* cost", 0.6),
                       ("valor unit*", 0.9)],
        "discount_code": [("discount code", 0.95), ("coupon", 0.9), ("cupon", 0.9), ("cupom", 0.9),
                          ("promo*", 0.7)],
        "discount_amount": [("discount amount", 0.95), ("descuento", 0.7), ("desconto", 0.7), ("discount", 0.6)],
        "agent": [("agent*", 0.8), ("vendedor*", 0.8), ("sales rep*", 0.8), ("seller", 0.6), ("staff", 0.6)],
        "kind": [("sale* type", 0.8), ("tipo venta", 0.8)],
        "order_status": [("financial status", 0.95), ("order* status", 0.9), ("status", 0.6), ("estado", 0.6)],
        "cancelled_at": [("cancel*", 0.9)],
    },
    "costs": {
        "month": [("month", 0.9), ("mes", 0.9), ("period*", 0.8)],
        "cost": [("cost*", 0.9), ("coste", 0.9), ("custo", 0.9), ("gasto", 0.8), ("spend", 0.7)],
    },
    "calls": {
        "call_id": [("call id", 0.95), ("call*", 0.5), ("llamada", 0.6), ("ligac*", 0.6)],
        "started_at": [("start*", 0.7), ("inicio", 0.7), ("call* date", 0.8), ("call* time", 0.8), ("date", 0.5),
                       ("time", 0.4)],
        "queue": [("queue", 0.85), ("cola", 0.85), ("fila", 0.7), ("skill", 0.7)],
        "agent": [("agent*", 0.85), ("operador*", 0.8), ("operator*", 0.8), ("atendente", 0.8)],
        "outcome": [("outcome", 0.9), ("result*", 0.8), ("disposition", 0.9), ("status", 0.5), ("answered", 0.8),
                    ("abandon*", 0.8), ("atendid*", 0.8), ("contestad*", 0.8), ("atendida", 0.8)],
        "wait_seconds": [("wait*", 0.85), ("queue time", 0.9), ("espera", 0.8), ("speed of answer", 0.9),
                         ("ring*", 0.6)],
        "talk_seconds": [("talk*", 0.85), ("conversa*", 0.8), ("duration", 0.6), ("duracion", 0.6)],
        "hold_seconds": [("hold*", 0.85)],
        "wrap_seconds": [("wrap*", 0.85), ("acw", 0.9), ("after call", 0.9)],
    },
}

# Words that, in a header, say it is about something else than the column (a due date is not when a ticket
# was opened; a purchase date is not a contact; "replied at" is not when a review was written).
AVOID: dict[str, tuple[str, ...]] = {
    "created_at": ("due", "target", "vencim*", "prazo", "deadline", "expect*", "birth", "nacim*", "nasc*",
                   "purchase*", "compra", "updat*", "modif*", *_SOLVED, "first", "repl*", "respon*", "schedul*",
                   "deliver*", "ship*", "entreg*", "envio"),
    "submitted_at": ("repl*", "respon*", "updat*", "birth", "nacim*", "due", "purchase*", "version"),
    "solved_at": ("updat*", "due", "target", "prazo", "deadline", "expect*", "reason", "motivo", "by", "status",
                  "photo",
                  "summary", "notes", "code"),
    "acquired_at": ("birth", "nacim*", "nasc*", "due", "trial"),
    "churned_at": ("trial", "period", "due", "birth", "reason", "motivo"),
    "ordered_at": ("birth", "due", "ship*", "deliver*", "entreg*", "cancel*", "refund*", "estimat*"),
    "ticket_type": ("priorit*", "prioridad*", "photo", "date", "fecha", "time", "id"),
    "status": ("photo", "date", "fecha", "time", "priorit*", "marital", "civil", "state code", "financial"),
    "churned": ("active", "member", "activo", "ativo"),
    "customer_id": ("name", "nombre", "nome", "age", "edad", "idade", "gender", "phone", "telefono", "image",
                    "avatar", "photo", "company", "empresa", "calls", "count", "llamadas", "chamadas", "appels",
                    "anrufe", "chiamate"),
    "ticket_id": ("customer", "cliente", "contact", "user", "requester", "agent", "group", "company", "product",
                  "zip", "parent", "photo", "order*", "pedido*", "invoice*", "factura*"),
    "response_id": ("customer", "user", "contact", "collector", "network"),
    "comment": ("id", "reply*", "respuesta", "resposta", "image", "version", "url", "link", "title", "titulo"),
    "channel": ("photo", "closed", "url"),
    "agent": ("email", "group", "id", "team", "equipo", "equipe", "gruppo", "squadra", "grupo", "groupe"),
    "amount": ("discount", "descuento", "tax", "shipping", "refund*"),
    "mrr": ("total", "annual", "yearly"),
    "csat_score": ("comment", "remark", "reason", "count", "version", "thumbs", "group", "date"),
    "nps_score": ("comment", "reason", "group", "why", "date"),
    "order_id": ("customer", "stock", "product", "item", "line"),
}

# Words that say which kind of data a whole file holds.
KIND_WORDS: dict[Kind, tuple[str, ...]] = {
    "tickets": ("ticket*", "case", "chamado*", "incident*", "complaint*", "reclam*", "queja*", "request*",
                "enquiry", "priorit*", "prioridad*", "resolution", "resolu*", "sla", "assignee", "requester",
                "solicitud*", "conversation*", "agent*"),
    "responses": ("survey*", "encuesta*", "pesquisa*", "review*", "respon*", "respondent*", "answer*", "nps",
                  "recommend*", "recomend*", "recomiend*", "rating", "rate", "feedback", "comment*", "avalia*",
                  "valorac*", "opinion*", "satisf*", "timestamp", "score", "submit*", "thumbs*"),
    "customers": ("churn*", "tenure", "subscription*", "suscripc*", "assinatura*", "exited", "attrition", "mrr",
                  "plan", "signup*", "cancel*", "antiguedad", "antiguidade", "contract", "member*", "balance"),
    "orders": ("order*", "invoice*", "factura*", "fatura*", "pedido*", "quantit*", "qty", "cantidad",
               "quantidade", "price", "precio", "preco", "stock*", "sku", "product*", "discount*", "coupon*",
               "lineitem*", "shipping", "purchase*"),
    "costs": ("cost*", "coste*", "custo*", "gasto*", "salary", "salario*", "budget", "presupuesto"),
    "calls": ("call*", "llamada*", "ligac*", "queue", "cola", "wait*", "talk*", "hold*", "wrap*", "abandon*",
              "ivr", "dnis", "ani"),
}


def _word_matches(word: str, tokens: list[str]) -> bool:
    if word.endswith("*"):
        stem = word[:-1]
        return any(t.startswith(stem) for t in tokens)
    return word in tokens


_STOP = frozenset({"de", "do", "da", "dos", "das", "del", "la", "el", "of", "the", "to", "a", "en", "em", "in",
                   "para", "por", "no", "na", "by", "for", "e", "y", "and"})


def match_rule(rule: str, tokens: list[str]) -> bool:
    """Whether ``rule`` is in the header's ``tokens``: one word anywhere, or several words in a row (small words
    such as de/of/the between them are skipped); ``*`` ends a prefix."""
    words = rule.split()
    if len(words) == 1:
        word = words[0]
        if "*" in word[:-1]:  # a pattern across words, like open*type
            joined = "".join(tokens)
            head, tail = word.split("*", 1)
            index = joined.find(head)
            return index >= 0 and tail.rstrip("*") in joined[index + len(head):]
        return _word_matches(word, tokens)
    content = [t for t in tokens if t not in _STOP] if not any(w in _STOP for w in words) else tokens
    for start in range(len(content) - len(words) + 1):
        if all(_word_matches(w, [content[start + i]]) for i, w in enumerate(words)):
            return True
    return False


def rule_weight(rules: list[Rule], tokens: list[str]) -> float:
    """The largest weight of the rules that match the header's tokens (0 when none)."""
    return max((weight for rule, weight in rules if match_rule(rule, tokens)), default=0.0)


def mentions(words: tuple[str, ...], tokens: list[str]) -> bool:
    """Whether any of ``words`` (``*`` prefixes allowed) is among ``tokens``."""
    return any(match_rule(word, tokens) for word in words)


# Columns that describe how a contact was handled (en, es, pt, fr, de, it). A file with three kinds of them
# (a channel, who or where it was handled, how long it took or its SLA, call/contact/ticket ids) is a log of
# contacts even when it carries a satisfaction score: survey answers rarely carry such columns.
CONTACT_WORDS: dict[str, tuple[str, ...]] = {
    "channel": ("channel", "canal", "canale", "kanal", "medium", "via", "submitted via", "received via"),
    "handled_by": ("agent*", "agente", "operator*", "operador*", "operatore", "atendente", "queue", "cola", "fila",
                   "skill", "call center", "call centre", "contact center", "centro de llamadas", "technician",
                   "tecnico", "technicien", "techniker", "tecnico", "conseiller", "sachbearbeiter*", "mitarbeiter*",
                   "assignee", "asignad*", "atribuid*", "assegnat*", "zugewiesen"),
    "duration": ("durat*", "duracion", "duracao", "duree", "dauer", "durata", "handl*", "talk*", "wait*", "aht",
                 "hold*", "espera", "wartezeit", "attesa", "speed of answer", "response time", "tiempo de respuesta",
                 "tempo de resposta", "temps de reponse", "antwortzeit", "tempo di risposta"),
    "sla": ("sla", "ontime", "on time", "overdue"),
    "contact_id": ("call*", "llamada*", "ligac*", "appel*", "anruf*", "chiamat*", "ticket*", "case", "chamado*",
                   "incident*", "contact id", "interaction*", "interaccion*", "interacao*"),
}


# ------------------------------------------------------------------------------ French, German and Italian
# The rules above are English, Spanish and Portuguese; these add the header words of exports written in French,
# German and Italian, one table per language ({kind: {column: rules}}), merged into COLUMN_WORDS below.
# German joins words into one ("Erstellungsdatum"): its rules are stems.
_FR: dict[str, dict[str, list[Rule]]] = {
    "tickets": {
        "ticket_id": [("numero de ticket", 0.9), ("identifiant", 0.6), ("demande", 0.5), ("reference", 0.5)],
        "created_at": [("ouvert*", 0.8), ("recu*", 0.7), ("ouverture", 0.85)],
        "solved_at": [("ferme*", 0.85), ("fermeture", 0.85), ("clotur*", 0.85), ("resolu*", 0.85)],
        "status": [("statut", 0.9), ("etat", 0.8)],
        "channel": [("canal", 0.9), ("origine", 0.7)],
        "agent": [("technicien", 0.85), ("conseiller", 0.85), ("attribue a", 0.85), ("assigne a", 0.85),
                  ("responsable", 0.7)],
        "ticket_type": [("motif", 0.8), ("sujet", 0.7), ("categorie", 0.85)],
        "customer_id": [("courriel", 0.85), ("client", 0.6), ("demandeur", 0.8)],
        "csat_score": [("note", 0.6), ("evaluation", 0.7)],
    },
    "responses": {
        "submitted_at": [("horodat*", 0.9), ("envoye*", 0.7), ("date de reponse", 0.85)],
        "nps_score": [("recommand*", 0.95)],
        "csat_score": [("note", 0.7), ("evaluation", 0.7)],
        "comment": [("commentair*", 0.9), ("remarque*", 0.7), ("pourquoi", 0.8), ("avis", 0.6)],
        "customer_id": [("courriel", 0.85), ("client", 0.5)],
    },
    "customers": {
        "customer_id": [("identifiant client", 0.9), ("client", 0.5), ("abonne", 0.6)],
        "acquired_at": [("debut", 0.8), ("inscription", 0.85), ("souscription", 0.85)],
        "churned_at": [("resiliation", 0.85), ("fin", 0.7), ("desabonnement", 0.85)],
        "churned": [("resilie", 0.9), ("desabonne", 0.8)],
        "tenure_months": [("anciennete", 0.9)],
        "mrr": [("mensuel*", 0.7), ("abonnement mensuel", 0.8)],
    },
    "orders": {
        "order_id": [("commande", 0.85), ("facture", 0.85), ("numero de commande", 0.95)],
        "ordered_at": [("date de commande", 0.95), ("achat", 0.8)],
        "amount": [("montant", 0.9), ("chiffre d affaires", 0.8)],
        "quantity": [("quantite", 0.95)],
        "unit_price": [("prix unitaire", 0.95), ("prix", 0.8)],
        "discount_amount": [("remise", 0.7)],
    },
    "calls": {
        "call_id": [("appel*", 0.6), ("id appel", 0.95)],
        "started_at": [("debut", 0.7), ("heure", 0.4)],
        "wait_seconds": [("attente", 0.85)],
        "talk_seconds": [("conversation", 0.8), ("duree", 0.6)],
        "outcome": [("resultat", 0.8), ("repondu", 0.8), ("abandonn*", 0.8)],
        "agent": [("conseiller", 0.85)],
        "queue": [("file", 0.6)],
    },
}
_DE: dict[str, dict[str, list[Rule]]] = {
    "tickets": {
        "ticket_id": [("ticketnummer", 0.95), ("ticket*", 0.6), ("vorgang*", 0.7), ("nummer", 0.5),
                      ("anfrage*", 0.5)],
        "created_at": [("erstell*", 0.85), ("angelegt", 0.85), ("eroffn*", 0.85), ("eroeffn*", 0.85),
                       ("eingang*", 0.8), ("datum", 0.5)],
        "solved_at": [("gelost", 0.85), ("geloest", 0.85), ("losung*", 0.85), ("loesung*", 0.85),
                      ("erledig*", 0.85), ("geschlossen", 0.85), ("abgeschlossen", 0.85), ("schlie*", 0.85)],
        "status": [("zustand", 0.8), ("bearbeitungsstatus", 0.9)],
        "channel": [("kanal", 0.9), ("eingangskanal", 0.9), ("quelle", 0.7)],
        "agent": [("bearbeiter*", 0.85), ("sachbearbeiter*", 0.85), ("mitarbeiter*", 0.8), ("zustandig*", 0.8),
                  ("zugewiesen", 0.85), ("techniker", 0.85)],
        "ticket_type": [("kategorie", 0.85), ("betreff", 0.6), ("thema", 0.8), ("typ", 0.8)],
        "customer_id": [("kunde*", 0.6), ("kundennummer", 0.9), ("anfragend*", 0.8)],
        "csat_score": [("zufrieden*", 0.85), ("bewertung*", 0.8)],
    },
    "responses": {
        "submitted_at": [("zeitstempel", 0.9), ("eingereicht", 0.85), ("datum", 0.6), ("antwortdatum", 0.9)],
        "nps_score": [("empfehl*", 0.95), ("weiterempfehl*", 0.95), ("wahrscheinlich*", 0.7)],
        "csat_score": [("zufrieden*", 0.85), ("bewertung*", 0.8), ("note", 0.6)],
        "comment": [("kommentar*", 0.9), ("bemerkung*", 0.7), ("anmerkung*", 0.7), ("warum", 0.8)],
        "customer_id": [("kundennummer", 0.9), ("kunde*", 0.5)],
    },
    "customers": {
        "customer_id": [("kundennummer", 0.95), ("kunden id", 0.95), ("kunde*", 0.5)],
        "acquired_at": [("beginn", 0.85), ("vertragsbeginn", 0.9), ("anmeld*", 0.85), ("eintritt*", 0.8)],
        "churned_at": [("kundigung*", 0.85), ("kuendigung*", 0.85), ("vertragsende", 0.9), ("ende", 0.7)],
        "churned": [("gekundigt", 0.9), ("gekuendigt", 0.9), ("abgewandert", 0.9), ("abwanderung", 0.9)],
        "tenure_months": [("kundendauer", 0.9), ("vertragsdauer", 0.8)],
        "mrr": [("monatlich*", 0.7), ("monatsbeitrag", 0.8)],
    },
    "orders": {
        "order_id": [("bestell*", 0.85), ("auftrag*", 0.8), ("rechnung*", 0.85)],
        "ordered_at": [("bestelldatum", 0.95), ("kauf*", 0.8), ("datum", 0.6)],
        "amount": [("betrag", 0.9), ("gesamt*", 0.85), ("umsatz", 0.8), ("summe", 0.8)],
        "quantity": [("menge", 0.95), ("anzahl", 0.8)],
        "unit_price": [("einzelpreis", 0.95), ("preis", 0.8)],
        "discount_amount": [("rabatt", 0.7)],
    },
    "calls": {
        "call_id": [("anruf*", 0.6)],
        "started_at": [("beginn", 0.7), ("uhrzeit", 0.4), ("datum", 0.5)],
        "wait_seconds": [("wartezeit", 0.9), ("warte*", 0.85)],
        "talk_seconds": [("gesprach*", 0.85), ("gespraech*", 0.85), ("dauer", 0.6)],
        "outcome": [("ergebnis", 0.8), ("beantwortet", 0.8), ("abgebrochen", 0.8)],
        "agent": [("mitarbeiter*", 0.8), ("bearbeiter*", 0.8)],
        "queue": [("warteschlange", 0.9)],
    },
}
_IT: dict[str, dict[str, list[Rule]]] = {
    "tickets": {
        "ticket_id": [("numero ticket", 0.95), ("segnalazion*", 0.6), ("pratica", 0.6), ("richiesta", 0.5)],
        "created_at": [("creazion*", 0.85), ("apertura", 0.85), ("aperto", 0.8), ("ricevut*", 0.8)],
        "solved_at": [("risolu*", 0.85), ("risolt*", 0.85), ("chius*", 0.85)],
        "status": [("stato", 0.9)],
        "channel": [("canale", 0.9), ("origine", 0.7)],
        "agent": [("operatore", 0.85), ("assegnat*", 0.85), ("incaricato", 0.8), ("tecnico", 0.85)],
        "ticket_type": [("categoria", 0.85), ("motivo", 0.8), ("oggetto", 0.6)],
        "customer_id": [("cliente", 0.6), ("richiedente", 0.8)],
        "csat_score": [("soddisf*", 0.85), ("valutazion*", 0.8), ("voto", 0.7)],
    },
    "responses": {
        "submitted_at": [("informazioni cronologiche", 0.9), ("inviat*", 0.7), ("data", 0.6)],
        "nps_score": [("raccomand*", 0.95), ("consiglier*", 0.95)],
        "csat_score": [("soddisf*", 0.85), ("valutazion*", 0.8), ("voto", 0.7)],
        "comment": [("commento", 0.9), ("commenti", 0.9), ("osservazion*", 0.7), ("perche", 0.8)],
    },
    "customers": {
        "customer_id": [("codice cliente", 0.95), ("cliente", 0.5)],
        "acquired_at": [("inizio", 0.85), ("iscrizion*", 0.85), ("attivazion*", 0.85)],
        "churned_at": [("disdetta", 0.85), ("cessazion*", 0.85), ("fine", 0.7)],
        "churned": [("disdett*", 0.8), ("abbandon*", 0.8)],
        "tenure_months": [("anzianita", 0.9)],
        "mrr": [("mensil*", 0.7), ("canone", 0.8)],
    },
    "orders": {
        "order_id": [("ordine", 0.85), ("fattura", 0.85), ("numero ordine", 0.95)],
        "ordered_at": [("data ordine", 0.95), ("acquisto", 0.8)],
        "amount": [("importo", 0.9), ("totale", 0.85), ("fatturato", 0.8)],
        "quantity": [("quantita", 0.95)],
        "unit_price": [("prezzo unitario", 0.95), ("prezzo", 0.8)],
        "discount_amount": [("sconto", 0.7)],
    },
    "calls": {
        "call_id": [("chiamat*", 0.6)],
        "started_at": [("inizio", 0.7), ("ora", 0.4)],
        "wait_seconds": [("attesa", 0.85)],
        "talk_seconds": [("conversazion*", 0.8), ("durata", 0.6)],
        "outcome": [("esito", 0.9), ("rispost*", 0.8), ("abbandon*", 0.8)],
        "agent": [("operatore", 0.85)],
        "queue": [("coda", 0.85)],
    },
}
# Common abbreviations (any language's exports use the English ones) and ids written noun-last (id de cliente).
_SHORT: dict[str, dict[str, list[Rule]]] = {
    "tickets": {"ticket_id": [("tkt*", 0.6), ("tkt no", 0.95), ("tkt id", 0.95), ("ticket no", 0.95)],
                "agent": [("agt", 0.8)], "status": [("stat", 0.8), ("sts", 0.7)],
                "customer_id": [("cust id", 0.9), ("cust no", 0.85), ("id cliente", 0.9), ("identifiant client", 0.9),
                                ("codice cliente", 0.9)],
                "created_at": [("crtd*", 0.8)], "solved_at": [("clsd*", 0.8), ("resolv dt", 0.85)]},
    "responses": {"customer_id": [("cust id", 0.9), ("id cliente", 0.9), ("identifiant client", 0.9),
                                  ("kundennummer", 0.9), ("codice cliente", 0.9)]},
    "customers": {"customer_id": [("cust id", 0.9), ("cust no", 0.85)],
                  "mrr": [("monthly fee", 0.9), ("monthly charge*", 0.9), ("monthly price", 0.9),
                          ("monthly subscription", 0.85), ("cuota mensual", 0.9), ("mensalidade", 0.9),
                          ("abonnement mensuel", 0.9), ("monatsbeitrag", 0.9), ("canone mensile", 0.9)],
                  "churned": [("abandono", 0.85), ("baja", 0.6)]},
    "orders": {"amount": [("amt", 0.85)], "customer_id": [("cust id", 0.9)]},
    "calls": {"agent": [("agt", 0.8)], "call_id": [("anruf id", 0.95), ("id appel", 0.95), ("id chiamata", 0.95),
                                                     ("id llamada", 0.95)],
              "started_at": [("anrufbeginn", 0.85), ("anrufdatum", 0.85), ("anrufzeit", 0.8), ("beginn*", 0.7)]},
}
_MORE_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "tickets": ("demande*", "reclamation*", "incident*", "vorgang*", "anfrage*", "beschwerde*", "stoerung*",
                "richiest*", "segnalazion*", "reclam*", "ticketnummer"),
    "responses": ("sondage*", "enquete*", "questionnaire*", "recommand*", "umfrage*", "fragebogen*", "empfehl*",
                  "zufrieden*", "sondaggio*", "questionario*", "raccomand*", "soddisf*", "commentair*",
                  "kommentar*"),
    "customers": ("abonnement*", "abonne*", "resili*", "kundig*", "kuendig*", "abwander*", "abbonament*",
                  "disdett*", "anciennete", "anzianita"),
    "orders": ("commande*", "facture*", "bestell*", "rechnung*", "ordine*", "fattura*", "prix", "preis", "prezzo",
               "quantite", "menge", "quantita"),
    "calls": ("appel*", "anruf*", "chiamat*", "warteschlange", "coda"),
}
_MORE_AVOID: dict[str, tuple[str, ...]] = {
    "created_at": ("echeance", "fallig*", "frist", "scadenz*", "livraison", "liefer*", "consegna", "naissance",
                   "geburt*", "nascita", "modifi*", "geandert", "aktualisier*", "aggiorn*", "mise a jour"),
    "agent": ("equipe", "team", "gruppe", "gruppo"),
    "amount": ("remise", "rabatt", "sconto", "taxe", "steuer", "iva", "tva", "frais de port", "versand*"),
    "ticket_type": ("priorite", "prioritat", "priorita"),
    "response_id": ("cliente", "client", "kunde*", "cust*"),
    # an extra or one-off charge is not the monthly fee; a header naming a price is not the plan's name
    "mrr": ("extra", "additional", "adicional", "adicionais", "add", "addon", "roaming", "overage", "excedente",
            "supplement*", "zusatz*", "aggiuntiv*", "one", "setup", "late", "penalty", "recargo", "multa"),
    "plan": ("price", "precio", "preco", "prix", "preis", "prezzo", "fee", "cost*", "charge*", "amount", "cuota"),
}


def _merge_languages() -> None:
    for language in (_FR, _DE, _IT, _SHORT):
        for kind, columns in language.items():
            for column, rules in columns.items():
                COLUMN_WORDS[kind].setdefault(column, []).extend(rules)  # type: ignore[index]
    for kind, words in _MORE_KIND_WORDS.items():
        KIND_WORDS[kind] = (*KIND_WORDS[kind], *words)  # type: ignore[index]
    for column, avoid in _MORE_AVOID.items():
        AVOID[column] = (*AVOID.get(column, ()), *avoid)


_merge_languages()
