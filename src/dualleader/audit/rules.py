import rules

from dualleader.units.rules import is_org_admin, is_superuser

rules.add_perm("audit.view_log", is_superuser | is_org_admin)
