"""The tools cxkit recognises an export of, by their makers' names."""

from __future__ import annotations

# cxkit names the tool an export comes from by a code (``google_play``); people read the product's name
BRANDS = {"asterisk": "Asterisk", "chatwoot": "Chatwoot", "freshdesk": "Freshdesk", "google_forms": "Google Forms",
          "google_play": "Google Play", "helpscout": "Help Scout", "hubspot": "HubSpot", "intercom": "Intercom",
          "microsoft_forms": "Microsoft Forms", "qualtrics": "Qualtrics", "servicenow": "ServiceNow",
          "shopify": "Shopify", "stripe": "Stripe", "surveymonkey": "SurveyMonkey", "typeform": "Typeform",
          "zendesk": "Zendesk"}


def tool_name(code: str) -> str:
    """The product's name of a tool cxkit recognised (a code it does not list: its words, capitalised)."""
    return BRANDS.get(code, code.replace("_", " ").title())
