from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkRefusedError


def test_connections_beyond_loopback_are_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, \
            pytest.raises(NetworkRefusedError, match="must not use the network"):
        s.connect(("93.184.216.34", 80))
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s, \
            pytest.raises(NetworkRefusedError):
        s.connect_ex(("2606:2800:220:1::", 80, 0, 0))


def test_loopback_is_allowed():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())
