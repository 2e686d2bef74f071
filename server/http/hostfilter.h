#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>

/*!
    Which Host a request may name. A server on loopback answers only requests addressed to
    localhost, a loopback address or [::1] (any port), plus names the user allowed: a page in the
    user's own browser that rebinds its DNS name to 127.0.0.1 (DNS rebinding) still sends its own
    name, and gets 403, as Vite, webpack-dev-server and Jupyter do. A server the user exposed to
    the network checks nothing. Pure: no sockets, no lookups.
*/
class HostFilter
{
public:
    /*! Allows every Host (the check is off). */
    HostFilter() = default;
    /*! Allows only loopback names and addresses, and \a allowedNames (case-insensitive). */
    static HostFilter loopbackOnly(const QList<QByteArray> &allowedNames);

    bool isEnabled() const { return m_enabled; }
    /*!
        Whether a request with the Host field \a hostField may be served. A request without
        one (HTTP/1.0) passes: a browser always sends it.
    */
    bool allows(QByteArrayView hostField) const;

    /*!
        RFC 9112 §3.2 / RFC 3986 §3.2.2: \a hostField is "uri-host [ : port ]" (an IP literal
        in brackets, dotted IPv4 or a reg-name) or empty. "a b" and "a/b@c" are not.
    */
    static bool isWellFormed(QByteArrayView hostField);
    /*! The host of a well-formed \a hostField, without port or brackets, e.g. "::1". */
    static QByteArrayView hostName(QByteArrayView hostField);
    /*! localhost (or a name under .localhost), 127.0.0.0/8 or ::1. */
    static bool isLoopbackName(QByteArrayView host);

private:
    QList<QByteArray> m_allowed; // lower case
    bool m_enabled = false;
};
