# Placeholder until the import pages land (issue 2).
from dualleader.home.views.dashboard import index as import_page  # noqa: F401
from dualleader.home.views.dashboard import index as import_template  # noqa: F401
