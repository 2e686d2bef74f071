#include "languageloader.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTranslator>

namespace {

Q_LOGGING_CATEGORY(lcI18n, "servescope.i18n", QtInfoMsg)

constexpr auto translatorName = QLatin1StringView("servescope-language-loader");

// Installs one catalogue; false (and nothing installed) when it is missing.
bool installCatalogue(QCoreApplication *app, const QLocale &locale, const QString &name,
                      const QString &directory)
{
    auto *translator = new QTranslator(app);
    translator->setObjectName(translatorName);
    if (!translator->load(locale, name, QStringLiteral("_"), directory)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}

} // namespace

void LanguageLoader::install(QCoreApplication *app, const QString &language)
{
    if (!app)
        return;

    // Replace whatever an earlier call installed (the test switches languages in one process).
    const auto previous
        = app->findChildren<QTranslator *>(translatorName, Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : previous) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }

    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale); // numbers and dates follow --lang too
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;

    if (!installCatalogue(app, locale, QStringLiteral("servescope"), QStringLiteral(":/i18n"))) {
        qCDebug(lcI18n) << "no ServeScope translation for" << locale.name();
        return;
    }
    const QString qtDirectory = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (!installCatalogue(app, locale, QStringLiteral("qtbase"), qtDirectory))
        qCInfo(lcI18n) << "no Qt translation for" << locale.name() << "in" << qtDirectory;
}
