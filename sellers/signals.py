"""What other apps may listen to.

``access_changed`` is sent, inside the transaction, whenever who may act for a seller
changes: the seller's status, a member, a helper's consent or team membership. Apps
holding their own permissions for a seller (the Wagtail story editors in
``catalog.stories``) bring them in line at once.
"""

from django.dispatch import Signal

access_changed = Signal()  # keyword argument: seller
