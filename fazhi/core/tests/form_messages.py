"""What a resident must never read on a form: Django's own wording of its checks."""

from __future__ import annotations

# Django's Chinese wording of its checks (required, lengths, numbers, dates, choices, files).
DJANGO_PHRASES = (
    "这个字段是必填项",
    "确保该",
    "输入一个",
    "输入整数",
    "选择一个有效的选项",
    "所提交的是空文件",
    "未提交文件",
)


def assert_platform_wording(html: str, *messages: str) -> None:
    """Each of ``messages`` appears exactly once in ``html`` and none of Django's phrases does."""
    for message in messages:
        assert html.count(message) == 1, (message, html.count(message))
    leaked = [phrase for phrase in DJANGO_PHRASES if phrase in html]
    assert not leaked, leaked
