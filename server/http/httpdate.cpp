#include "httpdate.h"

const char *HttpDate::monthName(int month)
{
    static const char names[12][4]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return names[(month - 1) % 12];
}

const char *HttpDate::dayName(int weekday)
{
    static const char names[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    return names[weekday % 7];
}
