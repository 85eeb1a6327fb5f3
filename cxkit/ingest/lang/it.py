"""Header words in Italian: which canonical column a header names, which kind of data a file holds, words
that say a header is about something else, and words of contact handling (see ``cxkit.words`` for the rules).

Generated once from the tables that lived in ``cxkit.words``; edit freely: a word file is one module that
calls ``register``."""

from __future__ import annotations

from cxkit.ingest.lang import WordFile, register

register(WordFile(
    'it',
    columns={
        'orders': {
            'discount_amount': [('desconto', 0.7), ('sconto', 0.7)],
            'order_id': [('ordine', 0.85), ('fattura', 0.85), ('numero ordine', 0.95)],
            'ordered_at': [('data ordine', 0.95), ('acquisto', 0.8)],
            'amount': [('importo', 0.9), ('totale', 0.85), ('fatturato', 0.8)],
            'quantity': [('quantita', 0.95)],
            'unit_price': [('prezzo unitario', 0.95), ('prezzo', 0.8)],
        },
        'tickets': {
            'ticket_id': [('numero ticket', 0.95), ('segnalazion*', 0.6), ('pratica', 0.6), ('richiesta', 0.5)],
            'created_at': [('creazion*', 0.85), ('apertura', 0.85), ('aperto', 0.8), ('ricevut*', 0.8)],
            'solved_at': [('risolu*', 0.85), ('risolt*', 0.85), ('chius*', 0.85)],
            'status': [('stato', 0.9)],
            'channel': [('canale', 0.9), ('origine', 0.7)],
            'agent': [('operatore', 0.85), ('assegnat*', 0.85), ('incaricato', 0.8), ('tecnico', 0.85)],
            'ticket_type': [('categoria', 0.85), ('motivo', 0.8), ('oggetto', 0.6)],
            'customer_id': [('cliente', 0.6), ('richiedente', 0.8), ('codice cliente', 0.9)],
            'csat_score': [('soddisf*', 0.85), ('valutazion*', 0.8), ('voto', 0.7)],
        },
        'responses': {
            'submitted_at': [('informazioni cronologiche', 0.9), ('inviat*', 0.7), ('data', 0.6)],
            'nps_score': [('raccomand*', 0.95), ('consiglier*', 0.95)],
            'csat_score': [('soddisf*', 0.85), ('valutazion*', 0.8), ('voto', 0.7)],
            'comment': [('commento', 0.9), ('commenti', 0.9), ('osservazion*', 0.7), ('perche', 0.8)],
            'customer_id': [('codice cliente', 0.9)],
        },
        'customers': {
            'customer_id': [('codice cliente', 0.95), ('cliente', 0.5)],
            'acquired_at': [('inizio', 0.85), ('iscrizion*', 0.85), ('attivazion*', 0.85)],
            'churned_at': [('disdetta', 0.85), ('cessazion*', 0.85), ('fine', 0.7)],
            'churned': [('disdett*', 0.8), ('abbandon*', 0.8)],
            'tenure_months': [('anzianita', 0.9)],
            'mrr': [('mensil*', 0.7), ('canone', 0.8), ('canone mensile', 0.9)],
        },
        'calls': {
            'call_id': [('chiamat*', 0.6), ('id chiamata', 0.95)],
            'started_at': [('inizio', 0.7), ('ora', 0.4)],
            'wait_seconds': [('attesa', 0.85)],
            'talk_seconds': [('conversazion*', 0.8), ('durata', 0.6)],
            'outcome': [('esito', 0.9), ('rispost*', 0.8), ('abbandon*', 0.8)],
            'agent': [('operatore', 0.85)],
            'queue': [('coda', 0.85)],
        },
    },
    kinds={
        'tickets': ('richiest*', 'segnalazion*'),
        'responses': ('sondaggio*', 'questionario*', 'raccomand*', 'soddisf*'),
        'customers': ('abbonament*', 'disdett*', 'anzianita'),
        'orders': ('ordine*', 'fattura*', 'prezzo', 'quantita'),
        'calls': ('chiamat*', 'coda'),
    },
    avoid={
        'customer_id': ('chiamate',),
        'agent': ('gruppo', 'squadra'),
        'created_at': ('scadenz*', 'consegna', 'nascita', 'aggiorn*'),
        'amount': ('sconto',),
        'ticket_type': ('priorita',),
        'mrr': ('aggiuntiv*',),
        'plan': ('prezzo',),
    },
    contact={
        'channel': ('canale',),
        'handled_by': ('operatore', 'assegnat*'),
        'duration': ('durata', 'attesa', 'tempo di risposta'),
        'contact_id': ('chiamat*',),
    },
))
