"""The HTTP API's request bodies, validated with pydantic: what crosses the trust boundary from
a client. `AnswerBody` for `POST /v1/answer`; `ChatBody` (OpenAI's chat completions shape, with
the fields OpenAI clients send and we do not use ignored) for `POST /v1/chat/completions`.
Sizes are capped here (history length, text length, scope size); the body as a whole is capped
by ui.api's `Limits`. Leaves out what is done with them (ui.api).
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rag.settings import BACKENDS


class HistoryMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=100_000)
    context: dict[str, Any] | None = Field(default=None, description="An earlier answer's `context`: hand it back "
                                                                     "so follow-ups like 'and the second one?' resolve")


class AnswerBody(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "When did Azerbaijan join the Non-Aligned Movement?"},
        {"question": "and when did it leave?", "history": [
            {"role": "user", "content": "When did Azerbaijan join the Non-Aligned Movement?"},
            {"role": "assistant", "content": "In 2012, Azerbaijan joined the Non-Aligned Movement. [1]"}]}]})
    question: str = Field(description="The question; the library says when it is empty or too long (422)")
    history: list[HistoryMessage] = Field(default=[], max_length=200)
    articles: list[str] = Field(default=[], max_length=10_000, description="Answer from these articles only "
                                                                            "(file names); empty: all")
    backend: str | None = Field(default=None, description=f"One of {', '.join(BACKENDS)}; default: RAG_BACKEND")
    trace: bool = Field(default=False, description="Include `trace` (why these passages) in the answer")


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    text: str = Field(default="", max_length=100_000)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")   # OpenAI clients send fields we do not use (name, ...)
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = Field(default=None)
    context: dict[str, Any] | None = None       # an earlier answer's `context`, if the client kept it

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class ChatBody(BaseModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [
        {"model": "extractive", "messages": [{"role": "user", "content": "When did Russia invade Georgia?"}]}]})
    model: str | None = Field(default=None, description="A backend (GET /v1/models); anything else: the default")
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    articles: list[str] = Field(default=[], max_length=10_000, description="Extension: answer from these articles "
                                                                            "only (OpenAI clients: extra_body)")

