"""Google Forms: a timestamp first, then one column per question. The English export writes the timestamp
month first (11/1/2019 8:51:12 is 1 November); other languages follow the sheet's locale, so their columns
decide."""

from cxkit.profile import looks_like_question
from cxkit.schema import Kind
from cxkit.tools import Export, Tool, register

_FIRST = ("timestamp", "marca temporal", "carimbo de data hora")


def _layout(export: Export) -> Kind | bool | None:
    from cxkit.detect import normalise

    headers = list(export.headers)
    if headers and normalise(headers[0]) in _FIRST and any(looks_like_question(h) for h in headers[1:]):
        return "responses"
    return False


register(Tool("google_forms", "responses", order=5, check=_layout, day_first={"timestamp": False}))
