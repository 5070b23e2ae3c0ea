import rules

from dualleader.units.rules import is_org_admin, is_superuser, org_admin_over

rules.add_perm("calls.manage", is_superuser | is_org_admin)
rules.add_perm("calls.change_call", is_superuser | org_admin_over)
