"""The words by which a message points at an article: cue words and the kinds they name.

"the report", "Thursday's op-ed", "the explainer": a cue word marks a phrase as naming a piece, and
a cue word that is itself a kind of piece names the article of that kind. Shared by the finders of
rag.understand.references and rag.understand.dated; what the phrase around a cue names is theirs.
"""
from __future__ import annotations

import re

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "last": -1, "final": -1}
CUE = (r"(?:articles?|pieces?|editorials?|op-?eds?|stor(?:y|ies)|essays?|reports?|columns?|texts?|ones?|analys[ie]s|"
       r"commentar(?:y|ies)|features?|interviews?|profiles?|reviews?|explainers?|dispatch(?:es)?|copy|blogs?|timelines?|q&a|"
       r"live\s+(?:pages?|updates|coverage))")
# "the explainer", "the op-ed", "the interview": a cue word that is itself a kind of piece names the
# article of that kind (rag.find.catalog reads each article's kinds), unless a description follows.
KIND = re.compile(r"\b(?:the|that|this)\s+(?:(opinion|interview|live|wire|agency)\s+|[\w&’'-]+-style\s+)?(explainer|editorial|op-?ed|column|commentary|"
                  r"interview|q&a|feature|profile|piece|analysis|blog|timeline|page|updates|coverage|report|story|copy)\b"
                  r"(?!\s+(?:about|on|against|in\s+favou?r|that|which|where|for|of|[a-z]+ing)\b)", re.I)
# Each cue word's kinds, the first an article has counting: "the interview" is the question-and-
# answer piece, or where there is none, the feature built on interviews.
KIND_OF = {"explainer": ("explainer",), "editorial": ("opinion",), "op-ed": ("opinion",), "oped": ("opinion",),
           "column": ("opinion",), "commentary": ("opinion",), "opinion": ("opinion",),
           "interview": ("interview", "feature"), "q&a": ("interview",), "feature": ("feature",), "profile": ("feature",),
           "analysis": ("opinion",), "live": ("live",), "blog": ("live",), "timeline": ("live",),
           "wire": ("wire", "news"), "agency": ("wire", "news")}
CUE_RX = re.compile(rf"\b{CUE}\b", re.I)
# What may follow a name that names an article: "Kallend's report", "the 'Who pays' piece".
AFTER_NAME = re.compile(rf"(?:['’]s)?(?:\s+{CUE}\b)?", re.I)
