profile --version
