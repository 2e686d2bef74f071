#pragma once

/*!
    The English names HTTP dates and access-log times are written with, whatever the locale:
    both are machine formats (RFC 9110's IMF-fixdate, the Common Log Format's %t).
*/
class HttpDate
{
public:
    /*! "Jan" … "Dec" for \a month 1–12. */
    static const char *monthName(int month);
    /*! "Sun" … "Sat" for \a weekday 0–6 (0 = Sunday, as struct tm). */
    static const char *dayName(int weekday);
};
