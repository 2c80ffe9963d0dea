from django.db import migrations

# The sample's section, and two the administrator may rename or remove in /admin/.
DEFAULTS = [
    ("van-ban-chi-dao-dieu-hanh", "Văn bản chỉ đạo điều hành", 1),
    ("van-ban-quy-pham-phap-luat", "Văn bản quy phạm pháp luật", 2),
    ("thong-bao", "Thông báo", 3),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    Category = apps.get_model("portal", "Category")
    for slug, name, position in DEFAULTS:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
