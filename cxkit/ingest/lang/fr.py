"""Header words in French: which canonical column a header names, which kind of data a file holds, words
that say a header is about something else, and words of contact handling (see ``cxkit.words`` for the rules).

Generated once from the tables that lived in ``cxkit.words``; edit freely: a word file is one module that
calls ``register``."""

from __future__ import annotations

from cxkit.ingest.lang import WordFile, register

register(WordFile(
    'fr',
    columns={
        'tickets': {
            'ticket_id': [('numero de ticket', 0.9), ('identifiant', 0.6), ('demande', 0.5), ('reference', 0.5)],
            'created_at': [('ouvert*', 0.8), ('recu*', 0.7), ('ouverture', 0.85)],
            'solved_at': [('ferme*', 0.85), ('fermeture', 0.85), ('clotur*', 0.85), ('resolu*', 0.85)],
            'status': [('statut', 0.9), ('etat', 0.8)],
            'channel': [('canal', 0.9), ('origine', 0.7)],
            'agent': [('technicien', 0.85), ('conseiller', 0.85), ('attribue a', 0.85), ('assigne a', 0.85),
                      ('responsable', 0.7)],
            'ticket_type': [('motif', 0.8), ('sujet', 0.7), ('categorie', 0.85)],
            'customer_id': [('courriel', 0.85), ('client', 0.6), ('demandeur', 0.8), ('identifiant client', 0.9)],
            'csat_score': [('note', 0.6), ('evaluation', 0.7)],
        },
        'responses': {
            'submitted_at': [('horodat*', 0.9), ('envoye*', 0.7), ('date de reponse', 0.85)],
            'nps_score': [('recommand*', 0.95)],
            'csat_score': [('note', 0.7), ('evaluation', 0.7)],
            'comment': [('commentair*', 0.9), ('remarque*', 0.7), ('pourquoi', 0.8), ('avis', 0.6)],
            'customer_id': [('courriel', 0.85), ('client', 0.5), ('identifiant client', 0.9)],
        },
        'customers': {
            'customer_id': [('identifiant client', 0.9), ('client', 0.5), ('abonne', 0.6)],
            'acquired_at': [('debut', 0.8), ('inscription', 0.85), ('souscription', 0.85)],
            'churned_at': [('resiliation', 0.85), ('fin', 0.7), ('desabonnement', 0.85)],
            'churned': [('resilie', 0.9), ('desabonne', 0.8)],
            'tenure_months': [('anciennete', 0.9)],
            'mrr': [('mensuel*', 0.7), ('abonnement mensuel', 0.8), ('abonnement mensuel', 0.9)],
        },
        'orders': {
            'order_id': [('commande', 0.85), ('facture', 0.85), ('numero de commande', 0.95)],
            'ordered_at': [('date de commande', 0.95), ('achat', 0.8)],
            'amount': [('montant', 0.9), ('chiffre d affaires', 0.8)],
            'quantity': [('quantite', 0.95)],
            'unit_price': [('prix unitaire', 0.95), ('prix', 0.8)],
            'discount_amount': [('remise', 0.7)],
        },
        'calls': {
            'call_id': [('appel*', 0.6), ('id appel', 0.95), ('id appel', 0.95)],
            'started_at': [('debut', 0.7), ('heure', 0.4)],
            'wait_seconds': [('attente', 0.85)],
            'talk_seconds': [('conversation', 0.8), ('duree', 0.6)],
            'outcome': [('resultat', 0.8), ('repondu', 0.8), ('abandonn*', 0.8)],
            'agent': [('conseiller', 0.85)],
            'queue': [('file', 0.6)],
        },
    },
    kinds={
        'tickets': ('demande*', 'reclamation*', 'incident*', 'reclam*'),
        'responses': ('sondage*', 'enquete*', 'questionnaire*', 'recommand*', 'commentair*'),
        'customers': ('abonnement*', 'abonne*', 'resili*', 'anciennete'),
        'orders': ('commande*', 'facture*', 'prix', 'quantite'),
        'calls': ('appel*',),
    },
    avoid={
        'customer_id': ('appels',),
        'created_at': ('echeance', 'livraison', 'naissance', 'mise a jour'),
        'amount': ('remise', 'taxe', 'tva', 'frais de port'),
        'ticket_type': ('priorite',),
        'mrr': ('supplement*',),
        'plan': ('prix',),
    },
    contact={
        'handled_by': ('technicien', 'conseiller'),
        'duration': ('duree', 'temps de reponse'),
        'contact_id': ('appel*',),
    },
))
