from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from exchange_helpers import REMOTE_ORGAN


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    """The installation's exchange key is generated in each test's own data folder."""
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture(autouse=True)
def _fresh_peers():
    """Peers are cached per process; a test's peers are rolled back with it, so no test sees another's."""
    from congvan.exchange.outbox import forget_peers

    forget_peers()
    yield
    forget_peers()


@pytest.fixture
def remote_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def remote_peer(db, remote_key):
    """Another installation serving the organ id REMOTE_ORGAN and, when asked, more."""
    from congvan.exchange import keys
    from congvan.exchange.models import Peer

    return Peer.objects.create(
        name="Hệ thống khác",
        url="http://127.0.0.1:9/exchange/v1/messages",
        public_key=keys.public_key_text(remote_key),
        organ_ids=REMOTE_ORGAN,
    )
