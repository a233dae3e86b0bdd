#!/bin/sh
# deb post-install: install the device rules so the cashier's session can open scanners and
# printers, then make udev apply them to devices already plugged in.
set -e
install -m 0644 "/opt/Store Register/resources/udev/70-store-register.rules" /etc/udev/rules.d/70-store-register.rules
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --subsystem-match=usb --subsystem-match=tty || true
fi
