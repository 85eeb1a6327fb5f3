"""Header words in Portuguese: which canonical column a header names, which kind of data a file holds, words
that say a header is about something else, and words of contact handling (see ``cxkit.words`` for the rules).

Generated once from the tables that lived in ``cxkit.words``; edit freely: a word file is one module that
calls ``register``."""

from __future__ import annotations

from cxkit.ingest.lang import WordFile, register

register(WordFile(
    'pt',
    columns={
        'tickets': {
            'ticket_id': [('chamado', 0.6), ('protocol*', 0.6)],
            'created_at': [('abert*', 0.85), ('receb*', 0.85), ('criad*', 0.85), ('criacao', 0.85), ('data', 0.5)],
            'solved_at': [('fechad*', 0.85), ('fechament*', 0.85), ('encerr*', 0.85)],
            'updated_at': [('atualiz*', 0.8)],
            'first_response_at': [('primeira resposta', 0.9)],
            'status': [('situac*', 0.8)],
            'channel': [('origem', 0.8), ('meio', 0.5)],
            'ticket_type': [('assunto', 0.6)],
            'agent': [('atribu*', 0.7), ('responsav*', 0.7), ('proprietari*', 0.8), ('atendente', 0.8)],
            'customer_id': [('contat*', 0.6)],
            'first_response_minutes': [('primeira resposta', 0.85)],
            'resolution_minutes': [('tempo resolu*', 0.85)],
            'handle_minutes': [('tempo atendimento', 0.8)],
            'reopens': [('reabert*', 0.85)],
            'csat_score': [('avalia*', 0.8)],
        },
        'responses': {
            'submitted_at': [('marca temporal', 0.9), ('data', 0.6)],
            'csat_score': [('avalia*', 0.8)],
            'emotion': [('emocao', 0.9)],
        },
        'customers': {
            'churned_at': [('encerr*', 0.7)],
            'mrr': [('preco', 0.5), ('mensalidade', 0.9)],
            'tenure_months': [('antiguidade', 0.9)],
        },
        'orders': {
            'order_id': [('fatura', 0.85)],
            'ordered_at': [('data', 0.6)],
            'quantity': [('quantidade', 0.95), ('unidades', 0.6)],
            'unit_price': [('preco', 0.8)],
        },
        'calls': {
            'call_id': [('ligac*', 0.6)],
            'queue': [('fila', 0.7)],
            'agent': [('atendente', 0.8)],
        },
    },
    kinds={
        'tickets': ('chamado*',),
        'responses': ('pesquisa*', 'avalia*'),
        'customers': ('assinatura*', 'antiguidade'),
        'orders': ('fatura*', 'quantidade', 'preco'),
        'calls': ('ligac*',),
    },
    avoid={
        'created_at': ('prazo', 'nasc*', 'fechad*', 'fechament*', 'encerr*', 'entreg*'),
        'solved_at': ('prazo',),
        'acquired_at': ('nasc*',),
        'ordered_at': ('entreg*',),
        'churned': ('ativo',),
        'customer_id': ('nome', 'idade', 'chamadas'),
        'comment': ('resposta',),
        'mrr': ('adicionais', 'excedente'),
        'plan': ('preco',),
    },
    contact={
        'handled_by': ('atendente', 'fila', 'atribuid*'),
        'duration': ('duracao', 'tempo de resposta'),
        'contact_id': ('ligac*', 'chamado*', 'interacao*'),
    },
))
