import oscar.apps.customer.apps as oscar_apps


class CustomerConfig(oscar_apps.CustomerConfig):
    name = "marketplace.customer"
