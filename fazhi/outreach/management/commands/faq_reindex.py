"""fazhi faq_reindex [--street SLUG]: index the legal FAQ for its search again."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from fazhi.org.models import Street
from fazhi.outreach.search import rebuild_index


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # argparse takes only a plain str; translated when the command is loaded.
        self.help = _(
            "重新建立法律问答的全文检索索引。问答经页面、接口或导入功能写入时会自动更新索引；"
            "直接批量写入数据库后运行本命令。可重复运行。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--street", help=_("只重建该街道的索引（填写街道标识，例如 haibin），默认全部街道")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        street = None
        if options["street"]:
            street = Street.objects.filter(slug=options["street"]).first()
            if street is None:
                raise CommandError(_("没有标识为“%(slug)s”的街道。") % {"slug": options["street"]})
        started = time.perf_counter()
        count = rebuild_index(street)
        self.stdout.write(
            _("已重建法律问答检索索引：%(count)d条问答，用时%(seconds).1f秒。")
            % {"count": count, "seconds": time.perf_counter() - started}
        )
