"""Header words in Spanish: which canonical column a header names, which kind of data a file holds, words
that say a header is about something else, and words of contact handling (see ``cxkit.words`` for the rules).

Generated once from the tables that lived in ``cxkit.words``; edit freely: a word file is one module that
calls ``register``."""

from __future__ import annotations

from cxkit.ingest.lang import WordFile, register

register(WordFile(
    'es',
    columns={
        'tickets': {
            'ticket_id': [('numero', 0.5)],
            'created_at': [('apertura', 0.85), ('recib*', 0.85), ('registr*', 0.85), ('entrada', 0.85),
                           ('creacion', 0.85), ('inicio', 0.85), ('fecha', 0.5)],
            'solved_at': [('resuelt*', 0.85), ('cerrad*', 0.85), ('cierre', 0.85)],
            'updated_at': [('actualiz*', 0.8)],
            'first_response_at': [('primera respuesta', 0.9)],
            'status': [('estado', 0.85)],
            'channel': [('canal', 0.9), ('origen', 0.8), ('medio', 0.5)],
            'ticket_type': [('tipo', 0.8), ('motivo', 0.8), ('tema', 0.8), ('asunto', 0.6)],
            'agent': [('asignad*', 0.85), ('responsable', 0.7), ('propietari*', 0.8), ('tecnico', 0.7),
                      ('analista', 0.6)],
            'customer_id': [('correo', 0.85), ('solicitante', 0.8), ('cliente', 0.6), ('id cliente', 0.9)],
            'first_response_minutes': [('primera respuesta', 0.85)],
            'resolution_minutes': [('tiempo resolu*', 0.85)],
            'handle_minutes': [('tiempo registrado', 0.8)],
            'agent_replies': [('respuestas', 0.5)],
            'customer_messages': [('mensajes cliente', 0.8)],
            'csat_score': [('valorac*', 0.8)],
        },
        'responses': {
            'submitted_at': [('fecha', 0.6), ('inicio', 0.45), ('hora', 0.5)],
            'nps_score': [('recomiend*', 0.95)],
            'nps_group': [('grupo nps', 0.9)],
            'csat_score': [('valorac*', 0.8)],
            'customer_id': [('correo', 0.85), ('cliente', 0.5), ('id cliente', 0.9)],
            'emotion': [('emocion', 0.9)],
        },
        'customers': {
            'customer_id': [('id cliente', 0.9), ('cliente', 0.5)],
            'acquired_at': [('inicio', 0.85), ('registr*', 0.7)],
            'churned_at': [('baja', 0.8)],
            'mrr': [('precio', 0.5), ('cuota', 0.6), ('cuota mensual', 0.9)],
            'churned': [('estado', 0.5), ('abandono', 0.85), ('baja', 0.6)],
            'tenure_months': [('antiguedad', 0.9)],
        },
        'orders': {
            'order_id': [('factura', 0.85), ('pedido', 0.85)],
            'customer_id': [('cliente', 0.6)],
            'ordered_at': [('fecha', 0.6)],
            'amount': [('importe', 0.85)],
            'quantity': [('cantidad', 0.95)],
            'unit_price': [('precio', 0.8)],
            'discount_amount': [('descuento', 0.7)],
            'kind': [('tipo venta', 0.8)],
            'order_status': [('estado', 0.6)],
        },
        'costs': {
            'cost': [('coste', 0.9), ('gasto', 0.8)],
        },
        'calls': {
            'call_id': [('llamada', 0.6), ('id llamada', 0.95)],
            'started_at': [('inicio', 0.7)],
            'queue': [('cola', 0.85)],
            'agent': [('operador*', 0.8)],
            'wait_seconds': [('espera', 0.8)],
            'talk_seconds': [('duracion', 0.6)],
        },
    },
    kinds={
        'tickets': ('queja*', 'prioridad*'),
        'responses': ('encuesta*', 'recomiend*', 'valorac*'),
        'customers': ('suscripc*', 'antiguedad'),
        'orders': ('factura*', 'pedido*', 'cantidad', 'precio'),
        'costs': ('coste*', 'gasto*', 'salario*', 'presupuesto'),
        'calls': ('llamada*', 'cola'),
    },
    avoid={
        'created_at': ('vencim*', 'nacim*', 'resuelt*', 'cerrad*', 'cierre', 'envio'),
        'submitted_at': ('nacim*',),
        'solved_at': ('motivo',),
        'acquired_at': ('nacim*',),
        'churned_at': ('motivo',),
        'ticket_type': ('prioridad*', 'fecha'),
        'status': ('fecha',),
        'churned': ('activo',),
        'customer_id': ('nombre', 'edad', 'telefono', 'empresa', 'llamadas'),
        'ticket_id': ('cliente', 'pedido*', 'factura*'),
        'comment': ('respuesta', 'titulo'),
        'agent': ('equipo', 'grupo'),
        'amount': ('descuento',),
        'response_id': ('cliente',),
        'mrr': ('adicional', 'recargo', 'multa'),
        'plan': ('precio', 'cuota'),
    },
    contact={
        'channel': ('canal',),
        'handled_by': ('agente', 'operador*', 'cola', 'centro de llamadas', 'tecnico', 'asignad*'),
        'duration': ('duracion', 'espera', 'tiempo de respuesta'),
        'contact_id': ('llamada*', 'interaccion*'),
    },
))
