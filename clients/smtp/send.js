// Sends one message with attachments through nodemailer: STARTTLS (required) and AUTH.
// usage: node send.js PORT USER PASSWORD FROM TO SUBJECT
const nodemailer = require('nodemailer');

const [port, user, pass, from, to, subject] = process.argv.slice(2);
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  requireTLS: true,
  auth: { user, pass },
  tls: { rejectUnauthorized: false },
  name: 'nodemailer.test',
});

transport.sendMail({
  from, to, subject,
  text: 'Plain text part from nodemailer',
  html: '<p>HTML part from <b>nodemailer</b></p>',
  attachments: [
    { filename: 'notes.txt', content: 'attachment one' },
    { filename: 'data.bin', content: Buffer.from([0, 1, 2, 3, 250, 251, 252, 253]) },
  ],
}).then((info) => {
  console.log('SENT ' + info.response);
}).catch((err) => {
  console.log('FAILED ' + err.message);
  process.exit(1);
});
