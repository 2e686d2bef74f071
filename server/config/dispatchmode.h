#pragma once

#include <QtCore/QLatin1StringView>
#include <QtCore/QMetaType>
#include <QtCore/QString>

#include <optional>

/*!
    How the server runs request handlers; the three servers of chapter 9.
    Sequential: one request at a time on the server thread (the blocking server).
    Concurrent: every connection on the server thread, event-driven (for_each_concurrent).
    Pooled: each request's handler runs on a QThreadPool worker (task::spawn).
*/
enum class DispatchMode : quint8 { Sequential, Concurrent, Pooled };

/*! The command-line and JSON spelling of \a mode ("sequential", "concurrent", "pooled"). */
QLatin1StringView dispatchModeName(DispatchMode mode);

/*! Parses the spelling produced by dispatchModeName(); std::nullopt for anything else. */
std::optional<DispatchMode> dispatchModeFromName(QStringView name);

Q_DECLARE_METATYPE(DispatchMode)
