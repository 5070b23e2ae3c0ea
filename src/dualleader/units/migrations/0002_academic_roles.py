from django.db import migrations

ROLES = [
    ("discipline_leader", "学科带头人"),
    ("academic_leader", "学术带头人"),
    ("doctoral_supervisor", "博士生导师"),
    ("master_supervisor", "硕士生导师"),
    ("teaching_master", "教学名师"),
    ("research_team_leader", "科研团队负责人"),
    ("young_talent", "青年拔尖人才"),
]


def seed(apps, schema_editor):
    AcademicRole = apps.get_model("units", "AcademicRole")
    for order, (code, name) in enumerate(ROLES):
        AcademicRole.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
