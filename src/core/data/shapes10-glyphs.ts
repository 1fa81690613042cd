/**
 * Shapes-10 glyph geometry: exact point-in-shape tests in glyph units (centre at the origin,
 * every glyph inside the unit disc), which the renderer supersamples for anti-aliasing.
 * Class order matches SHAPES10_CLASSES in shapes10.ts.
 */

// Regular polygons as edge normals + apothem: inside ⇔ every dot(p, n_k) ≤ apothem.
interface Polygon {
  nx: Float64Array;
  ny: Float64Array;
  apothem: number;
}
function regularPolygon(sides: number, circumradius: number): Polygon {
  const nx = new Float64Array(sides);
  const ny = new Float64Array(sides);
  for (let k = 0; k < sides; k++) {
    // Vertex 0 points "up" (−y); edge normals sit halfway between vertices.
    const a = -Math.PI / 2 + (2 * Math.PI * k) / sides + Math.PI / sides;
    nx[k] = Math.cos(a);
    ny[k] = Math.sin(a);
  }
  return { nx, ny, apothem: circumradius * Math.cos(Math.PI / sides) };
}
const TRIANGLE = regularPolygon(3, 1);
const SQUARE = regularPolygon(4, 0.95);

function inPolygon(poly: Polygon, u: number, v: number): boolean {
  const { nx, ny, apothem } = poly;
  for (let k = 0; k < nx.length; k++) if (u * nx[k] + v * ny[k] > apothem) return false;
  return true;
}

// 5-point star: fold the angle into half a sector, then test against one outer→inner edge.
const STAR_SECTOR = (2 * Math.PI) / 5;
const STAR_INNER = 0.42;
const STAR_P1X = STAR_INNER * Math.cos(STAR_SECTOR / 2);
const STAR_P1Y = STAR_INNER * Math.sin(STAR_SECTOR / 2);
function inStar(u: number, v: number): boolean {
  const r = Math.sqrt(u * u + v * v);
  if (r > 1) return false;
  if (r <= STAR_INNER * 0.8) return true;
  let a = Math.atan2(v, u) + Math.PI / 2 + 2 * Math.PI;
  a %= STAR_SECTOR;
  if (a > STAR_SECTOR / 2) a = STAR_SECTOR - a;
  const qx = r * Math.cos(a) - 1;
  const qy = r * Math.sin(a);
  // Origin side of the edge (1,0)→P1 has a positive cross product.
  return (STAR_P1X - 1) * qy - STAR_P1Y * qx >= 0;
}

/**
 * Point-in-glyph test for class `shape` (index into SHAPES10_CLASSES) in glyph units (circumradius ≈ 1, glyph centred on the origin).
 * One switch instead of per-class closures keeps the call site monomorphic.
 */
export function insideGlyph(shape: number, u: number, v: number): boolean {
  switch (shape) {
    case 0: // circle
      return u * u + v * v <= 0.85 * 0.85;
    case 1: {
      // ring: thickness 0.45 R stays ≥ 2.7 px at the smallest radius
      const r2 = u * u + v * v;
      return r2 <= 0.95 * 0.95 && r2 >= 0.5 * 0.5;
    }
    case 2:
      return inPolygon(TRIANGLE, u, v);
    case 3:
      return inPolygon(SQUARE, u, v);
    case 4: {
      // ellipse, axis ratio 0.5: far from the circle even after aspect jitter
      const a = u / 0.95;
      const b = v / 0.48;
      return a * a + b * b <= 1;
    }
    case 5:
      return inStar(u, v);
    case 6: {
      // plus sign
      const au = Math.abs(u);
      const av = Math.abs(v);
      return (au <= 0.28 && av <= 0.95) || (av <= 0.28 && au <= 0.95);
    }
    case 7: {
      // crescent: disc minus an offset disc
      const cu = u - 0.45;
      return u * u + v * v <= 0.95 * 0.95 && cu * cu + v * v >= 0.78 * 0.78;
    }
    case 8: {
      // arrow pointing +u: shaft then triangular head
      if (u < -0.95 || u > 0.95) return false;
      if (u <= 0.15) return Math.abs(v) <= 0.17;
      return Math.abs(v) <= (0.58 * (0.95 - u)) / 0.8;
    }
    case 9: {
      // heart: (x² + y² − 1)³ − x² y³ ≤ 0, scaled into the unit disc, tip pointing +v
      const x = u * 1.36;
      const y = 0.118 - v * 1.36;
      const q = x * x + y * y - 1;
      return q * q * q - x * x * y * y * y <= 0;
    }
    default:
      return false;
  }
}
