"""Google Play reviews as the Play Console and the common scrapers export them."""

from cxkit.tools import Signature, Tool, register

register(Tool("google_play", "responses", signatures=(Signature(all_of=("review id", "content", "score")),)))
