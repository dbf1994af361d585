from django.conf import settings


def theme(request):
    return {"THEME": getattr(settings, "MARKETPLACE_THEME", "lang")}
