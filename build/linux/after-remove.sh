#!/bin/sh
# deb post-remove: take the device rules away with the app.
set -e
rm -f /etc/udev/rules.d/70-store-register.rules
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
fi
