"""Replace Wagtail's placeholder welcome page with our HomePage at the site root."""

from django.db import migrations

HOME_INTRO = (
    "<p>Chè Shan Tuyết từ đồi chè Tân Lập, chuối Viba Liên Sơn, mật ong bạc hà cao nguyên đá… "
    "mua tận tay người làm ra, giao về tận nhà.</p>"
)


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("stories.HomePage")

    if HomePage.objects.exists():
        return
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="stories")
    root = Page.objects.get(depth=1)
    locale = Locale.objects.first()
    # Wagtail's first migration puts a "Welcome" page at depth 2; we take its place.
    Page.objects.filter(depth=2, slug="home").delete()
    root.refresh_from_db()
    numchild = Page.objects.filter(depth=2).count()
    home = HomePage.objects.create(
        title="Chợ Làng",
        draft_title="Chợ Làng",
        slug="home",
        content_type=home_type,
        path=f"{root.path}{numchild + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro=HOME_INTRO,
    )
    Page.objects.filter(pk=root.pk).update(numchild=numchild + 1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Chợ Làng"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
