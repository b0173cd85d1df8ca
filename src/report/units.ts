/** Human units for the table, CSV and HTML views (the JSON keeps raw numbers). */

export function formatHashrate(hashesPerSecond: number): string {
  const units = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s'];
  let value = hashesPerSecond;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value.toPrecision(3)} ${units[i]}`;
}

export function formatPower(kwMin: number, kwMax: number): string {
  const f = (kw: number) => (kw >= 100 ? kw.toFixed(0) : kw >= 1 ? kw.toFixed(1) : kw.toFixed(3));
  return `${f(kwMin)}-${f(kwMax)} kW`;
}

/** Energy per year in kWh, the unit the regulators' sweeps count in; whole kWh with thousands grouped. */
export function formatEnergy(kwhMin: number, kwhMax: number): string {
  const f = (kwh: number) => (kwh >= 10 ? Math.round(kwh).toLocaleString('en-US') : kwh.toPrecision(2));
  return `${f(kwhMin)}-${f(kwhMax)} kWh/yr`;
}

export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
