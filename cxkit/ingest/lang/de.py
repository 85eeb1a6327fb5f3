"""Header words in German: which canonical column a header names, which kind of data a file holds, words
that say a header is about something else, and words of contact handling (see ``cxkit.words`` for the rules).

Generated once from the tables that lived in ``cxkit.words``; edit freely: a word file is one module that
calls ``register``."""

from __future__ import annotations

from cxkit.ingest.lang import WordFile, register

register(WordFile(
    'de',
    columns={
        'tickets': {
            'ticket_id': [('ticketnummer', 0.95), ('ticket*', 0.6), ('vorgang*', 0.7), ('nummer', 0.5),
                          ('anfrage*', 0.5)],
            'created_at': [('erstell*', 0.85), ('angelegt', 0.85), ('eroffn*', 0.85), ('eroeffn*', 0.85),
                           ('eingang*', 0.8), ('datum', 0.5)],
            'solved_at': [('gelost', 0.85), ('geloest', 0.85), ('losung*', 0.85), ('loesung*', 0.85),
                          ('erledig*', 0.85), ('geschlossen', 0.85), ('abgeschlossen', 0.85), ('schlie*', 0.85)],
            'status': [('zustand', 0.8), ('bearbeitungsstatus', 0.9)],
            'channel': [('kanal', 0.9), ('eingangskanal', 0.9), ('quelle', 0.7)],
            'agent': [('bearbeiter*', 0.85), ('sachbearbeiter*', 0.85), ('mitarbeiter*', 0.8), ('zustandig*', 0.8),
                      ('zugewiesen', 0.85), ('techniker', 0.85)],
            'ticket_type': [('kategorie', 0.85), ('betreff', 0.6), ('thema', 0.8), ('typ', 0.8)],
            'customer_id': [('kunde*', 0.6), ('kundennummer', 0.9), ('anfragend*', 0.8)],
            'csat_score': [('zufrieden*', 0.85), ('bewertung*', 0.8)],
        },
        'responses': {
            'submitted_at': [('zeitstempel', 0.9), ('eingereicht', 0.85), ('datum', 0.6), ('antwortdatum', 0.9)],
            'nps_score': [('empfehl*', 0.95), ('weiterempfehl*', 0.95), ('wahrscheinlich*', 0.7)],
            'csat_score': [('zufrieden*', 0.85), ('bewertung*', 0.8), ('note', 0.6)],
            'comment': [('kommentar*', 0.9), ('bemerkung*', 0.7), ('anmerkung*', 0.7), ('warum', 0.8)],
            'customer_id': [('kundennummer', 0.9), ('kunde*', 0.5), ('kundennummer', 0.9)],
        },
        'customers': {
            'customer_id': [('kundennummer', 0.95), ('kunden id', 0.95), ('kunde*', 0.5)],
            'acquired_at': [('beginn', 0.85), ('vertragsbeginn', 0.9), ('anmeld*', 0.85), ('eintritt*', 0.8)],
            'churned_at': [('kundigung*', 0.85), ('kuendigung*', 0.85), ('vertragsende', 0.9), ('ende', 0.7)],
            'churned': [('gekundigt', 0.9), ('gekuendigt', 0.9), ('abgewandert', 0.9), ('abwanderung', 0.9)],
            'tenure_months': [('kundendauer', 0.9), ('vertragsdauer', 0.8)],
            'mrr': [('monatlich*', 0.7), ('monatsbeitrag', 0.8), ('monatsbeitrag', 0.9)],
        },
        'orders': {
            'order_id': [('bestell*', 0.85), ('auftrag*', 0.8), ('rechnung*', 0.85)],
            'ordered_at': [('bestelldatum', 0.95), ('kauf*', 0.8), ('datum', 0.6)],
            'amount': [('betrag', 0.9), ('gesamt*', 0.85), ('umsatz', 0.8), ('summe', 0.8)],
            'quantity': [('menge', 0.95), ('anzahl', 0.8)],
            'unit_price': [('einzelpreis', 0.95), ('preis', 0.8)],
            'discount_amount': [('rabatt', 0.7)],
        },
        'calls': {
            'call_id': [('anruf*', 0.6), ('anruf id', 0.95)],
            'started_at': [('beginn', 0.7), ('uhrzeit', 0.4), ('datum', 0.5), ('anrufbeginn', 0.85),
                           ('anrufdatum', 0.85), ('anrufzeit', 0.8), ('beginn*', 0.7)],
            'wait_seconds': [('wartezeit', 0.9), ('warte*', 0.85)],
            'talk_seconds': [('gesprach*', 0.85), ('gespraech*', 0.85), ('dauer', 0.6)],
            'outcome': [('ergebnis', 0.8), ('beantwortet', 0.8), ('abgebrochen', 0.8)],
            'agent': [('mitarbeiter*', 0.8), ('bearbeiter*', 0.8)],
            'queue': [('warteschlange', 0.9)],
        },
    },
    kinds={
        'tickets': ('vorgang*', 'anfrage*', 'beschwerde*', 'stoerung*', 'ticketnummer'),
        'responses': ('umfrage*', 'fragebogen*', 'empfehl*', 'zufrieden*', 'kommentar*'),
        'customers': ('kundig*', 'kuendig*', 'abwander*'),
        'orders': ('bestell*', 'rechnung*', 'preis', 'menge'),
        'calls': ('anruf*', 'warteschlange'),
    },
    avoid={
        'customer_id': ('anrufe',),
        'created_at': ('fallig*', 'frist', 'liefer*', 'geburt*', 'geandert', 'aktualisier*'),
        'agent': ('gruppe',),
        'amount': ('rabatt', 'steuer', 'versand*'),
        'ticket_type': ('prioritat',),
        'response_id': ('kunde*',),
        'mrr': ('zusatz*',),
        'plan': ('preis',),
    },
    contact={
        'channel': ('kanal',),
        'handled_by': ('sachbearbeiter*', 'mitarbeiter*', 'zugewiesen'),
        'duration': ('dauer', 'wartezeit', 'antwortzeit'),
        'contact_id': ('anruf*',),
    },
))
