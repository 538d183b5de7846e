"""jieba, the Chinese word segmenter, loaded once per process and shared by what cuts text: the
FAQ search (with the legal words) and the masking of public texts (its person tags)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

# Reentrant: the tagger is built on the tokenizer, which may be built inside its build.
_lock = threading.RLock()
_loaded: dict[str, Any] = {}


def _cache_dir() -> str | None:
    """Where jieba keeps its prepared dictionary: the data directory, else the system's."""
    data_dir = getattr(settings, "DATA_DIR", None)
    if data_dir is None:
        return None
    path = Path(data_dir) / "cache"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(path)


def _once(key: str, build: Any) -> Any:
    """``build()``'s result, built on first use under a lock and kept for the process."""
    if key not in _loaded:
        with _lock:
            if key not in _loaded:
                _loaded[key] = build()
    return _loaded[key]


def _new_tokenizer(user_dict: Path | None) -> Any:
    import jieba

    # jieba logs its dictionary loading to stderr at DEBUG level.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _cache_dir()
    tokenizer.initialize()
    if user_dict is not None:
        tokenizer.load_userdict(str(user_dict))
    return tokenizer


def tokenizer(user_dict: Path | None = None) -> Any:
    """jieba's tokenizer with jieba's dictionary, and ``user_dict``'s words when given."""
    return _once(f"tokenizer:{user_dict}", lambda: _new_tokenizer(user_dict))


def tagger() -> Any:
    """jieba's part-of-speech tagger on jieba's own dictionary (person names tagged nr)."""

    def build() -> Any:
        import jieba.posseg

        return jieba.posseg.POSTokenizer(tokenizer())

    return _once("tagger", build)
