from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = _("组织与人员")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from fazhi.org.roles import sync_role_groups

        # Role groups are configuration kept in code (roles.py); after each app migrates the
        # database groups are brought in line with it.
        post_migrate.connect(sync_role_groups, dispatch_uid="fazhi.org.sync_role_groups")
