from oscar.apps.address.abstract_models import AbstractUserAddress

from .mixins import AdminUnitAddressMixin


class UserAddress(AdminUnitAddressMixin, AbstractUserAddress):
    class Meta(AbstractUserAddress.Meta):
        pass


from oscar.apps.address.models import *  # noqa: E402,F403
