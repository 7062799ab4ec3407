// placeholder replaced below
class R { onRunComplete() {} }
module.exports = R;
