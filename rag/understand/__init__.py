"""Understand: one message (with its history and chosen articles) -> one typed `Message`.

    intent.py      what a message asks for, before any retrieval
    references.py  which article a message names
    subject.py     what a message about articles asks about, once their names are out
    history.py     earlier turns, the last answer's context, standalone follow-ups
    question.py    answer type, focus and anchors of a question
    message.py     all of the above, in one value
"""
from .message import Message, understand

__all__ = ["Message", "understand"]
