// The store's payment QR as an SVG, drawn from the text the wallet provider made (uqr encodes it;
// each dark module is one unit square of one path). A quiet zone of four modules keeps phones
// reading it off a bright screen.
import { useMemo } from 'react';
import { encode } from 'uqr';

export function PaymentQr(props: { content: string; label: string; size?: number }) {
  const { content, label } = props;
  const { size, path } = useMemo(() => {
    const qr = encode(content, { ecc: 'M', border: 4 });
    const squares: string[] = [];
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) squares.push(`M${x} ${y}h1v1h-1z`);
      }),
    );
    return { size: qr.size, path: squares.join('') };
  }, [content]);
  return (
    <svg
      className="payment-qr"
      data-testid="payment-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width={props.size ?? 320}
      height={props.size ?? 320}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
