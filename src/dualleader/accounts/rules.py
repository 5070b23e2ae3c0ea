import rules

from dualleader.units.rules import is_org_admin, is_superuser

rules.add_perm("accounts.manage", is_superuser | is_org_admin)
