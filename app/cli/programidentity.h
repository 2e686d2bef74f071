#pragma once

/*!
    The name, version and organisation both executables (servescope and servescope-headless)
    give Qt, before the application object exists: --version, --help's usage line and the
    settings' location read them, and must not depend on which one runs.
*/
class ProgramIdentity
{
public:
    static void apply();
};
