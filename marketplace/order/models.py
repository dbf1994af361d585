from oscar.apps.address.abstract_models import AbstractBillingAddress, AbstractShippingAddress

from marketplace.address.mixins import AdminUnitAddressMixin


class ShippingAddress(AdminUnitAddressMixin, AbstractShippingAddress):
    class Meta(AbstractShippingAddress.Meta):
        pass


class BillingAddress(AdminUnitAddressMixin, AbstractBillingAddress):
    class Meta(AbstractBillingAddress.Meta):
        pass


from oscar.apps.order.models import *  # noqa: E402,F403
