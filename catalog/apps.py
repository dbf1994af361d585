import oscar.apps.catalogue.apps as oscar_apps


class CatalogueConfig(oscar_apps.CatalogueConfig):
    name = "catalog"
    label = "catalogue"

    def ready(self):
        super().ready()
        from oscar.apps.analytics import receivers as analytics_receivers
        from oscar.apps.catalogue.signals import product_viewed

        # Stock Oscar writes an analytics row on every product view: one write per page
        # view serialises readers on SQLite ("database is locked") and costs a write on
        # PostgreSQL for a figure nobody here reads. Purchases and basket additions are
        # still counted (best-selling sort needs them).
        product_viewed.disconnect(analytics_receivers.receive_product_view)
