"""The record parser's errors as friendly refusals, for every area that reads decisions,
votes, agenda items or meeting arguments (`bot.language.records`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

from bot.i18n import Language, t
from bot.language.records import (
    DecisionRefInvalidError,
    SubcommandUnknownError,
    TextMissingError,
    TextTooLongError,
    VoteInvalidError,
)
from bot.language.votes import VoteContradictionError
from handlers.common.context import UserError


@contextmanager
def refusals(lang: Language, usage_key: str, missing_key: str) -> Iterator[None]:
    """Turn the record parser's errors into friendly refusals (nothing is stored)."""
    try:
        yield
    except VoteContradictionError as error:
        raise UserError("vote_contradiction", text=escape(error.text[:50])) from error
    except VoteInvalidError as error:
        raise UserError("vote_invalid", text=escape(error.text[:50])) from error
    except DecisionRefInvalidError as error:
        text, usage = escape(error.text[:50]), t(lang, usage_key)
        raise UserError("decision_ref_invalid", text=text, usage=usage) from error
    except SubcommandUnknownError as error:
        text, usage = escape(error.text[:50]), t(lang, usage_key)
        raise UserError("agenda_subcommand_unknown", text=text, usage=usage) from error
    except TextMissingError as error:
        raise UserError(missing_key, usage=t(lang, usage_key)) from error
    except TextTooLongError as error:
        raise UserError("record_text_too_long", length=error.length, limit=error.limit) from error
