// An environment sensor in software: sends "id,kind,value" lines such as a chiller's temperature.
import type { ByteTransport } from '../transport/byte-transport';
import type { SensorKind } from '../sensor/environment-sensor';

export function createSensorSimulator(transport: ByteTransport) {
  return {
    start: () => transport.open(),
    stop: () => transport.close(),
    /** `value` as the sensor prints it, e.g. "4.25" (°C) or "55.0" (% RH). */
    send: (sensorId: string, kind: SensorKind, value: string) =>
      transport.write(new TextEncoder().encode(`${sensorId},${kind},${value}\r\n`)),
  };
}
