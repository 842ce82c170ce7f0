import Foundation

/// The few astronomical quantities the Vietnamese lunisolar calendar needs: the instants of new moons and
/// the apparent longitude of the Sun. Formulas after Jean Meeus, *Astronomical Algorithms* (2nd ed.),
/// chapters 25 (Sun, low accuracy), 49 (phases of the Moon) and the Espenak–Meeus polynomials for ΔT.
///
/// Times are Julian Days. `JDE` is Terrestrial Time (what the theories produce); `JD` is Universal Time
/// (what clocks show). The difference, ΔT, is about 69 s in the 2020s: small, but a new moon a minute
/// before local midnight starts a month one day earlier than one a minute after.
enum Astronomy {
    static let julianDayOfUnixEpoch = 2_440_587.5

    /// The new moon numbered `k` (k = 0 is the one of 6 January 2000), in Universal Time.
    static func newMoonJD(_ k: Int) -> Double {
        let jde = newMoonJDE(Double(k))
        return jde - deltaTSeconds(decimalYear: 2000 + Double(k) / 12.3685) / 86_400
    }

    /// Meeus ch. 49: mean phase plus the periodic terms for a new moon and the planetary arguments.
    static func newMoonJDE(_ k: Double) -> Double {
        let t = k / 1236.85
        let t2 = t * t, t3 = t2 * t, t4 = t3 * t
        var jde = 2_451_550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4

        let e = 1 - 0.002516 * t - 0.0000074 * t2
        let m = radians(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3)
        let mm = radians(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4)
        let f = radians(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4)
        let omega = radians(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3)

        jde += -0.40720 * sin(mm)
            + 0.17241 * e * sin(m)
            + 0.01608 * sin(2 * mm)
            + 0.01039 * sin(2 * f)
            + 0.00739 * e * sin(mm - m)
            - 0.00514 * e * sin(mm + m)
            + 0.00208 * e * e * sin(2 * m)
            - 0.00111 * sin(mm - 2 * f)
            - 0.00057 * sin(mm + 2 * f)
            + 0.00056 * e * sin(2 * mm + m)
            - 0.00042 * sin(3 * mm)
            + 0.00042 * e * sin(m + 2 * f)
            + 0.00038 * e * sin(m - 2 * f)
            - 0.00024 * e * sin(2 * mm - m)
            - 0.00017 * sin(omega)
            - 0.00007 * sin(mm + 2 * m)
            + 0.00004 * sin(2 * mm - 2 * f)
            + 0.00004 * sin(3 * m)
            + 0.00003 * sin(mm + m - 2 * f)
            + 0.00003 * sin(2 * mm + 2 * f)
            - 0.00003 * sin(mm + m + 2 * f)
            + 0.00003 * sin(mm - m + 2 * f)
            - 0.00002 * sin(mm - m - 2 * f)
            - 0.00002 * sin(3 * mm + m)
            + 0.00002 * sin(4 * mm)

        let planetary: [(coefficient: Double, base: Double, rate: Double)] = [
            (0.000325, 299.77, 0.107408), (0.000165, 251.88, 0.016321), (0.000164, 251.83, 26.651886),
            (0.000126, 349.42, 36.412478), (0.000110, 84.66, 18.206239), (0.000062, 141.74, 53.303771),
            (0.000060, 207.14, 2.453732), (0.000056, 154.84, 7.306860), (0.000047, 34.52, 27.261239),
            (0.000042, 207.19, 0.121824), (0.000040, 291.34, 1.844379), (0.000037, 161.72, 24.198154),
            (0.000035, 239.56, 25.513099), (0.000023, 331.55, 3.592518),
        ]
        for (index, term) in planetary.enumerated() {
            // Only A1 carries a T² term.
            let argument = term.base + term.rate * k - (index == 0 ? 0.009173 * t2 : 0)
            jde += term.coefficient * sin(radians(argument))
        }
        return jde
    }

    /// Apparent geocentric longitude of the Sun in degrees [0, 360), at an instant in Universal Time.
    /// Meeus ch. 25 (accuracy about 0.01°, i.e. a quarter of an hour of the Sun's motion).
    static func sunLongitude(jd: Double) -> Double {
        let jde = jd + deltaTSeconds(decimalYear: decimalYear(jd: jd)) / 86_400
        let t = (jde - 2_451_545.0) / 36_525
        let t2 = t * t
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t2
        let meanAnomaly = radians(357.52911 + 35_999.05029 * t - 0.0001537 * t2)
        let equationOfCentre = (1.914602 - 0.004817 * t - 0.000014 * t2) * sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * meanAnomaly)
            + 0.000289 * sin(3 * meanAnomaly)
        let trueLongitude = meanLongitude + equationOfCentre
        let omega = radians(125.04 - 1934.136 * t)
        // Nutation and aberration.
        return normalizedDegrees(trueLongitude - 0.00569 - 0.00478 * sin(omega))
    }

    /// The instant (UT) near `estimateJD` at which the Sun's apparent longitude equals `degrees`.
    static func solarLongitudeInstant(_ degrees: Double, near estimateJD: Double) -> Double {
        var jd = estimateJD
        for _ in 0..<20 {
            var gap = degrees - sunLongitude(jd: jd)
            gap -= 360 * (gap / 360).rounded()
            let step = gap * 365.242_19 / 360
            jd += step
            if abs(step) < 1e-7 { break }
        }
        return jd
    }

    /// ΔT = TT − UT in seconds (Espenak & Meeus, NASA eclipse pages, 2006).
    static func deltaTSeconds(decimalYear y: Double) -> Double {
        switch y {
        case ..<1900:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        case ..<1920:
            let t = y - 1900
            return -2.79 + 1.494119 * t - 0.0598939 * pow(t, 2) + 0.0061966 * pow(t, 3) - 0.000197 * pow(t, 4)
        case ..<1941:
            let t = y - 1920
            return 21.20 + 0.84493 * t - 0.076100 * pow(t, 2) + 0.0020936 * pow(t, 3)
        case ..<1961:
            let t = y - 1950
            return 29.07 + 0.407 * t - pow(t, 2) / 233 + pow(t, 3) / 2547
        case ..<1986:
            let t = y - 1975
            return 45.45 + 1.067 * t - pow(t, 2) / 260 - pow(t, 3) / 718
        case ..<2005:
            let t = y - 2000
            return 63.86 + 0.3345 * t - 0.060374 * pow(t, 2) + 0.0017275 * pow(t, 3)
                + 0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5)
        case ..<2050:
            let t = y - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        case ..<2150:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u - 0.5628 * (2150 - y)
        default:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        }
    }

    static func decimalYear(jd: Double) -> Double { 2000 + (jd - 2_451_545.0) / 365.25 }

    /// The civil day, at a fixed offset from UTC, that contains the instant `jd` (UT).
    static func localDate(jd: Double, utcOffsetHours: Double) -> LocalDate {
        let localDays = jd - julianDayOfUnixEpoch + utcOffsetHours / 24
        return LocalDate(daysSinceEpoch: Int(localDays.rounded(.down)))
    }

    /// The instant (UT) at which a civil day begins, at a fixed offset from UTC.
    static func startJD(of date: LocalDate, utcOffsetHours: Double) -> Double {
        Double(date.daysSinceEpoch) + julianDayOfUnixEpoch - utcOffsetHours / 24
    }

    static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }

    static func normalizedDegrees(_ degrees: Double) -> Double {
        let r = degrees.truncatingRemainder(dividingBy: 360)
        return r < 0 ? r + 360 : r
    }
}
