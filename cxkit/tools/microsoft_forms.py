"""Microsoft Forms: Id, Start time, Completion time, Email, Name, then the questions (English, Spanish,
Portuguese)."""

from cxkit.tools import Signature, Tool, register

register(Tool("microsoft_forms", "responses", signatures=(
    Signature(all_of=("start time", "completion time")),
    Signature(all_of=("hora de inicio", "hora de finalizacion")),
    Signature(all_of=("hora de inicio", "hora de conclusao")),
)))
