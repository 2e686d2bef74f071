#pragma once

#include <QtCore/QString>

class QCoreApplication;

/*!
    Installs the window's translations: ServeScope's own (embedded as :/i18n/servescope_<lang>.qm)
    and Qt's qtbase catalogue from the Qt installation, so standard dialogs speak the same
    language. Calling it again replaces what an earlier call installed.
*/
class LanguageLoader
{
public:
    /*!
        Installs the translations for \a language ("zh_CN", "en", ...) on \a app; an empty
        \a language follows the system locale. English needs no catalogue: the source text is
        English, so "en" only removes earlier translators.
    */
    static void install(QCoreApplication *app, const QString &language);
};
