"""Survey tools with fixed layouts: Typeform, SurveyMonkey (two header rows), Qualtrics (three header rows)."""

from cxkit.tools import Signature, Tool, register

register(Tool("typeform", "responses", signatures=(Signature(all_of=("#", "submit date")),)))
register(Tool("surveymonkey", "responses", signatures=(Signature(all_of=("respondent id", "collector id")),)))
register(Tool("qualtrics", "responses", signatures=(Signature(all_of=("response id", "recorded date")),)))
